from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("talentloop.accounts.urls")),
    path("", include("talentloop.people.urls")),
    path("", include("talentloop.marketplace.urls")),
    path("", include("talentloop.matching.urls")),
    path("skills/", include("talentloop.skills.urls")),
    path("audit/", include("talentloop.fairness.urls")),
    path("analytics/", include("talentloop.analytics.urls")),
    path("notifications/", include("talentloop.notifications.urls")),
    path("audit-log/", include("talentloop.marketplace.audit_urls")),
    path("pathways/", include("talentloop.pathways.urls")),
    path("learning/", include("talentloop.learning.urls")),
    path("api/v1/", include("talentloop.api.urls")),
    path("xapi/", include("talentloop.xapi.urls")),
    path("", include("talentloop.credentials.urls")),
]

handler400 = "talentloop.accounts.views.error_400"
handler403 = "talentloop.accounts.views.error_403"
handler404 = "talentloop.accounts.views.error_404"
handler500 = "talentloop.accounts.views.error_500"
