"""The catalog in the admin, for L&OD admins: items with the skills they teach inline. Records are read-only here:
they change only through learning.services (the UI, the API and xAPI)."""

from django.contrib import admin
from django.db import models
from django.utils.html import format_html, format_html_join

from talentloop.learning.models import LearningItem, LearningItemSkill, LearningRecord, LearningRecordEvent
from talentloop.skills import intelligence


class LearningItemSkillInline(admin.TabularInline):
    model = LearningItemSkill
    autocomplete_fields = ["skill"]
    extra = 1


@admin.register(LearningItem)
class LearningItemAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "kind", "format", "compliance", "provider", "duration_minutes", "is_active"]
    list_filter = ["kind", "format", "compliance", "is_active"]
    search_fields = ["title", "slug", "description", "provider", "activity_id"]
    readonly_fields = ["public_id", "created_at", "updated_at", "skills_suggested_from_the_description"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a link typed without a scheme is https
    inlines = [LearningItemSkillInline]

    @admin.display(description="Skills suggested from the description")
    def skills_suggested_from_the_description(self, item: LearningItem) -> str:
        """Suggestions only (docs/skills.md): the admin adds the right ones under "skills taught", with a target level."""
        if item.pk is None or not item.description.strip():
            return "Save the item with a description to see the skills it suggests."
        taught = set(item.taught_skills.values_list("skill_id", flat=True))
        suggestions = [s for s in intelligence.infer(item.description, limit=8) if s.skill.pk not in taught]
        if not suggestions:
            return "None beyond the skills already taught."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", "<li><strong>{}</strong> ({}%): “{}”</li>",
                ((s.skill.label, round(s.score * 100), s.passage) for s in suggestions),
            ),
        )


class EventInline(admin.TabularInline):
    model = LearningRecordEvent
    extra = 0
    fields = readonly_fields = ["outcome", "status", "progress", "score", "at", "source", "evidence_levels", "recorded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(LearningRecord)
class LearningRecordAdmin(admin.ModelAdmin):
    list_display = ["employee", "item", "status", "progress", "score", "source", "updated_at"]
    list_filter = ["status", "item__kind", "source"]
    search_fields = ["item__title", "employee__user__username", "employee__user__last_name"]
    readonly_fields = [
        "public_id", "employee", "item", "status", "progress", "score", "enrolled_at", "completed_at", "source", "updated_at",
    ]
    inlines = [EventInline]

    def has_add_permission(self, request) -> bool:
        return False
