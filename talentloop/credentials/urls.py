from django.urls import path

from talentloop.credentials import views

app_name = "credentials"
urlpatterns = [
    path("credentials/issuer", views.issuer, name="issuer"),
    path("credentials/revocations.json", views.revocations, name="revocations"),
    path("credentials/status/<int:number>", views.status_list, name="status_list"),
    path("credentials/<uuid:public_id>/", views.verify_page, name="verify"),
    path("credentials/<uuid:public_id>.json", views.credential_json, name="json"),
    path("credentials/<uuid:public_id>.jwt", views.credential_jwt, name="jwt"),
    path("credentials/<uuid:public_id>.svg", views.credential_svg, name="svg"),
    path("credentials/<uuid:public_id>/status.json", views.status_json, name="status"),
    path("credentials/<uuid:public_id>/revoke/", views.revoke, name="revoke"),
    path("me/credentials/", views.mine, name="mine"),
    path("me/credentials/<uuid:public_id>/visibility/", views.set_visibility, name="visibility"),
]
