"""Demographic data and recommendation exposures in the Django admin: invisible to anyone without the
permission to view the bias audit, whatever else their group holds."""

from __future__ import annotations

from django.contrib import admin

from talentloop.fairness.models import VIEW_BIAS_AUDIT, Demographic, RecommendationExposure


class BiasAuditOnly(admin.ModelAdmin):
    """Viewing needs the audit permission; changing needs it as well as the model permission."""

    def _may_see(self, request) -> bool:
        return request.user.has_perm(VIEW_BIAS_AUDIT)

    def has_module_permission(self, request) -> bool:
        return self._may_see(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may_see(request)

    def has_add_permission(self, request) -> bool:
        return self._may_see(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._may_see(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._may_see(request) and super().has_delete_permission(request, obj)


@admin.register(Demographic)
class DemographicAdmin(BiasAuditOnly):
    list_display = ["employee", "sex", "race_ethnicity", "updated_at"]
    list_filter = ["sex", "race_ethnicity"]
    search_fields = ["employee__user__first_name", "employee__user__last_name", "employee__user__email"]
    raw_id_fields = ["employee"]
    list_select_related = ["employee__user"]


@admin.register(RecommendationExposure)
class RecommendationExposureAdmin(BiasAuditOnly):
    """A log written by the matching service: read-only here."""

    list_display = ["shown_at", "opportunity", "rank", "employee"]
    raw_id_fields = ["opportunity", "employee"]
    list_select_related = ["opportunity", "employee__user"]
    date_hierarchy = "shown_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
