from django.contrib import admin

from talentloop.organisation.models import OrganisationSettings


@admin.register(OrganisationSettings)
class OrganisationSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        ("Releases by line managers", {"fields": ["release_wait_days", "overdue_release"]}),
        ("Publishing", {"fields": ["publish_approval_hours"]}),
        ("Job shadowing", {"fields": ["shadowing_release_hours", "shadowing_max_hours"]}),
        ("Reminders", {"fields": ["reminder_days"]}),
        ("Analytics", {"fields": ["currency", "cost_per_external_hire", "hours_unlocked_hourly_rate", "analytics_min_group"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return not OrganisationSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
