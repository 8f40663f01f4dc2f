from django.contrib import admin

from talentloop.skills.models import RelatedSkill, Skill, SkillAlias, SkillCategory, SkillExternalId


class AliasInline(admin.TabularInline):
    model = SkillAlias
    extra = 1


class ExternalIdInline(admin.TabularInline):
    model = SkillExternalId
    extra = 0


class RelatedInline(admin.TabularInline):
    model = RelatedSkill
    fk_name = "from_skill"
    autocomplete_fields = ["to_skill"]
    extra = 0


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


@admin.register(RelatedSkill)
class RelatedSkillAdmin(admin.ModelAdmin):
    list_display = ["from_skill", "to_skill", "weight", "source"]
    list_filter = ["source"]
    autocomplete_fields = ["from_skill", "to_skill"]
