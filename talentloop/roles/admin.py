from django.contrib import admin

from talentloop.roles.models import Role, RoleFamily, RoleSkill


class RoleSkillInline(admin.TabularInline):
    model = RoleSkill
    autocomplete_fields = ["skill"]
    extra = 1


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["title", "family", "level"]
    list_filter = ["family", "level"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [RoleSkillInline]


@admin.register(RoleFamily)
class RoleFamilyAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
