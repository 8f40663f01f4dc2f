from django.contrib import admin

from talentloop.marketplace.models import Application, ApplicationStatusChange, Opportunity, OpportunitySkill


class OpportunitySkillInline(admin.TabularInline):
    model = OpportunitySkill
    autocomplete_fields = ["skill"]
    extra = 1


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "type", "status", "department", "seats", "hours_per_week"]
    list_filter = ["type", "status", "work_mode", "department"]
    search_fields = ["title", "description"]
    raw_id_fields = ["owner"]
    inlines = [OpportunitySkillInline]


class ChangeInline(admin.TabularInline):
    model = ApplicationStatusChange
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "actor_role", "reason", "at"]
    can_delete = False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    # Status changes go through the marketplace services (seat locks, audit rows), not the admin form.
    list_display = ["applicant", "opportunity", "status", "status_changed_at"]
    list_filter = ["status", "opportunity__type"]
    raw_id_fields = ["applicant", "opportunity"]
    readonly_fields = ["status", "status_changed_at"]
    inlines = [ChangeInline]
