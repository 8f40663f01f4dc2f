from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from talentloop.accounts.personas import personas
from talentloop.errors import Forbidden
from talentloop.skills import related
from talentloop.skills.models import RelatedSkill, Skill, SkillAlias, SkillCategory, SkillExternalId


class AliasInline(admin.TabularInline):
    model = SkillAlias
    extra = 1


class ExternalIdInline(admin.TabularInline):
    model = SkillExternalId
    extra = 0


class RelatedInline(admin.TabularInline):
    """Shown, not edited, on the skill's page: related pairs are reviewed in their own list, whose writes go through
    talentloop.skills.related (marking the review and reloading matching)."""

    model = RelatedSkill
    fk_name = "from_skill"
    fields = ["to_skill", "weight", "source", "detail", "rejected", "reviewed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = "related skills (review them under Related skills)"

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["label", "category", "skill_type", "is_active"]
    list_filter = ["skill_type", "is_active", "category__parent"]
    search_fields = ["label", "slug", "aliases__alias"]
    prepopulated_fields = {"slug": ["label"]}
    inlines = [AliasInline, RelatedInline, ExternalIdInline]


@admin.register(SkillCategory)
class SkillCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class ReviewedFilter(admin.SimpleListFilter):
    title = "reviewed"
    parameter_name = "reviewed"

    def lookups(self, request, model_admin):
        return [("yes", "reviewed by an admin"), ("no", "not reviewed")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(reviewed_at__isnull=self.value() == "no")
        return queryset


@admin.register(RelatedSkill)
class RelatedSkillAdmin(admin.ModelAdmin):
    """Review of related skills: machine-made pairs are accepted (a weight edit accepts too) or rejected, never
    deleted (the next recompute would bring them back). Every write goes through talentloop.skills.related."""

    list_display = ["from_skill", "to_skill", "weight", "source", "detail", "status"]
    list_filter = ["source", "rejected", ReviewedFilter]
    search_fields = ["from_skill__label", "to_skill__label"]
    list_select_related = ["from_skill", "to_skill", "reviewed_by"]
    autocomplete_fields = ["from_skill", "to_skill"]
    actions = ["accept_selected", "reject_selected", "restore_selected"]
    review_fields = ["source", "detail", "rejected", "reviewed_by", "reviewed_at"]

    def get_fields(self, request, obj=None):
        return ["from_skill", "to_skill", "weight", "detail"] if obj is None else ["from_skill", "to_skill", "weight", *self.review_fields]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["from_skill", "to_skill", *self.review_fields]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # machine pairs are rejected, not deleted; curated ones one at a time
        return actions

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.source in related.MACHINE_SOURCES:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="status")
    def status(self, obj: RelatedSkill) -> str:
        if obj.rejected:
            return f"rejected by {obj.reviewed_by or 'an admin'}"
        if obj.reviewed_at is not None:
            return f"accepted by {obj.reviewed_by or 'an admin'}"
        return "proposed" if obj.source in related.MACHINE_SOURCES else ""

    def save_model(self, request, obj, form, change):
        p = personas(request)
        try:
            if change:
                related.accept_related(p, obj, weight=form.cleaned_data["weight"])
            else:
                saved = related.add_related(p, obj.from_skill, obj.to_skill, obj.weight, obj.detail)
                obj.pk = saved.pk
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc

    def delete_model(self, request, obj):
        try:
            related.delete_related(personas(request), obj)
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc

    def _review(self, request, queryset, service, done: str) -> None:
        p = personas(request)
        try:
            pairs = list(queryset)
            for pair in pairs:
                service(p, pair)
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc
        self.message_user(request, f"{len(pairs)} related skill pair(s) {done}.", messages.SUCCESS)

    @admin.action(description="Accept the selected pairs (recomputing leaves them alone)", permissions=["change"])
    def accept_selected(self, request, queryset):
        self._review(request, queryset, related.accept_related, "accepted")

    @admin.action(description="Reject the selected pairs (matching ignores them, recomputing never brings them back)",
                  permissions=["change"])
    def reject_selected(self, request, queryset):
        self._review(request, queryset, related.reject_related, "rejected")

    @admin.action(description="Restore the selected pairs (undo the review)", permissions=["change"])
    def restore_selected(self, request, queryset):
        self._review(request, queryset, related.restore_related, "restored")
