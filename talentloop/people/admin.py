from django.contrib import admin

from talentloop.people.models import Aspiration, Department, Employee, EmployeeSkill, Location, SkillEvidence


class EmployeeSkillInline(admin.TabularInline):
    model = EmployeeSkill
    autocomplete_fields = ["skill"]
    extra = 0


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "job_title", "department", "manager", "open_to_opportunities", "leave_date"]
    list_filter = ["department", "work_mode", "open_to_opportunities"]
    search_fields = ["user__first_name", "user__last_name", "user__email", "job_title"]
    raw_id_fields = ["user", "manager"]
    list_select_related = ["user", "department", "manager__user"]
    inlines = [EmployeeSkillInline]


@admin.register(EmployeeSkill)
class EmployeeSkillAdmin(admin.ModelAdmin):
    list_display = ["employee", "skill", "proficiency", "verified"]
    raw_id_fields = ["employee"]
    autocomplete_fields = ["skill"]
    list_select_related = ["employee__user", "skill"]


@admin.register(SkillEvidence)
class SkillEvidenceAdmin(admin.ModelAdmin):
    list_display = ["employee_skill", "source", "proficiency", "observed_on", "verified"]
    list_filter = ["source", "verified"]
    raw_id_fields = ["employee_skill", "recorded_by"]


admin.site.register(Department, search_fields=["name"], prepopulated_fields={"slug": ["name"]})
admin.site.register(Location, search_fields=["name"], prepopulated_fields={"slug": ["name"]})
admin.site.register(Aspiration, raw_id_fields=["employee"], filter_horizontal=["target_roles", "skills_to_grow"])
