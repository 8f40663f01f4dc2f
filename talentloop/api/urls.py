"""The REST API under /api/v1: the apps' viewsets on one router, the OpenAPI document and its Swagger UI."""

from __future__ import annotations

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import routers
from rest_framework.decorators import api_view, authentication_classes, permission_classes, schema
from rest_framework.exceptions import NotFound

from talentloop.accounts.api import PersonalTokenViewSet
from talentloop.analytics.api import AnalyticsListView, AnalyticsMetricView
from talentloop.api.serializers import UUID_REGEX
from talentloop.credentials.rest import MyCredentialsView
from talentloop.fairness.api import AuditView
from talentloop.learning.api import LearningItemViewSet, MyLearningRecordsView, PersonLearningRecordsView
from talentloop.marketplace.api import ApplicationViewSet, OpportunityViewSet
from talentloop.marketplace.audit_api import AuditLogView, OpportunityHistoryView
from talentloop.matching.api import (
    CandidatesView,
    MyFeedView,
    OpportunityMatchView,
    StaffingInvitationsView,
    StaffingProposalView,
)
from talentloop.notifications.rest import MyNotificationPreferencesView, NotificationViewSet
from talentloop.pathways.api import MyLearningSuggestionsView, MyNextRolesView, MyRolePlanView
from talentloop.people.api import (
    DepartmentViewSet,
    LocationViewSet,
    MeView,
    MyAspirationsView,
    MySkillViewSet,
    PersonViewSet,
)
from talentloop.people.timeline_api import PersonTimelineView
from talentloop.roles.api import RoleViewSet
from talentloop.skills.api import SkillCategoryViewSet, SkillViewSet
from talentloop.skills.esco_api import EscoImportsView, EscoImportView

app_name = "api"


class Router(routers.DefaultRouter):
    """Like DRF's, but the trailing slash is optional: POST .../status and .../status/ both work
    (a redirect would lose the body)."""

    include_format_suffixes = False

    def __init__(self):
        super().__init__()
        self.trailing_slash = "/?"


router = Router()
router.register("skills", SkillViewSet, basename="skill")
router.register("skill-categories", SkillCategoryViewSet, basename="skill-category")
router.register("roles", RoleViewSet, basename="role")
router.register("departments", DepartmentViewSet, basename="department")
router.register("locations", LocationViewSet, basename="location")
router.register("people", PersonViewSet, basename="person")
router.register("me/skills", MySkillViewSet, basename="my-skill")
router.register("me/tokens", PersonalTokenViewSet, basename="my-token")
router.register("opportunities", OpportunityViewSet, basename="opportunity")
router.register("applications", ApplicationViewSet, basename="application")
router.register("me/notifications", NotificationViewSet, basename="my-notification")
router.register("learning-items", LearningItemViewSet, basename="learning-item")


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
@authentication_classes([])
@permission_classes([])
@schema(None)  # not an endpoint of the document
def not_found(request, rest: str = ""):
    """Unknown paths under /api/v1 answer JSON like every other API error, not the site's HTML page."""
    raise NotFound(f"No endpoint at {request.path}.")


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^me/?$", MeView.as_view(), name="me"),
    re_path(r"^me/aspirations/?$", MyAspirationsView.as_view(), name="my-aspirations"),
    re_path(r"^me/feed/?$", MyFeedView.as_view(), name="my-feed"),
    re_path(r"^me/learning-suggestions/?$", MyLearningSuggestionsView.as_view(), name="my-learning-suggestions"),
    re_path(r"^me/next-roles/?$", MyNextRolesView.as_view(), name="my-next-roles"),
    re_path(r"^me/pathways/(?P<slug>[-a-zA-Z0-9_]+)/?$", MyRolePlanView.as_view(), name="my-role-plan"),
    re_path(r"^me/learning-records/?$", MyLearningRecordsView.as_view(), name="my-learning-records"),
    re_path(rf"^people/(?P<public_id>{UUID_REGEX})/learning-records/?$", PersonLearningRecordsView.as_view(), name="person-learning-records"),
    re_path(r"^me/credentials/?$", MyCredentialsView.as_view(), name="my-credentials"),
    re_path(rf"^opportunities/(?P<public_id>{UUID_REGEX})/match/?$", OpportunityMatchView.as_view(), name="opportunity-match"),
    re_path(rf"^opportunities/(?P<public_id>{UUID_REGEX})/candidates/?$", CandidatesView.as_view(), name="opportunity-candidates"),
    re_path(r"^staffing/proposals/?$", StaffingProposalView.as_view(), name="staffing-proposals"),
    re_path(r"^staffing/invitations/?$", StaffingInvitationsView.as_view(), name="staffing-invitations"),
    re_path(r"^audit/?$", AuditView.as_view(), name="audit"),
    re_path(r"^me/notification-preferences/?$", MyNotificationPreferencesView.as_view(), name="my-notification-preferences"),
    re_path(rf"^people/(?P<public_id>{UUID_REGEX})/timeline/?$", PersonTimelineView.as_view(), name="person-timeline"),
    re_path(r"^audit-log/?$", AuditLogView.as_view(), name="audit-log"),
    re_path(rf"^opportunities/(?P<public_id>{UUID_REGEX})/history/?$", OpportunityHistoryView.as_view(), name="opportunity-history"),
    re_path(r"^analytics/?$", AnalyticsListView.as_view(), name="analytics"),
    re_path(r"^analytics/(?P<metric>[-a-z]+)\.(?P<format>csv)$", AnalyticsMetricView.as_view(), name="analytics-metric-csv"),
    re_path(r"^analytics/(?P<metric>[-a-z]+)/?$", AnalyticsMetricView.as_view(), name="analytics-metric"),
    # Before the router: its skills/<slug> would take these paths.
    re_path(r"^skills/esco-imports/?$", EscoImportsView.as_view(), name="esco-imports"),
    re_path(r"^skills/esco-imports/(?P<import_id>[-a-zA-Z0-9_]{1,64})/?$", EscoImportView.as_view(), name="esco-import"),
    path("", include(router.urls)),
    re_path(r"^(?P<rest>.*)$", not_found, name="not-found"),
]
