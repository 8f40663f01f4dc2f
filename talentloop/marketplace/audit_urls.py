from django.urls import path

from talentloop.marketplace import audit_views

app_name = "audit_log"
urlpatterns = [
    path("", audit_views.audit_log_page, name="log"),
    path("csv/", audit_views.audit_log_csv, name="csv"),
]
