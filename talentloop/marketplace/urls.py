from django.urls import path

from talentloop.marketplace import views

app_name = "marketplace"
urlpatterns = [
    path("opportunities/", views.browse, name="browse"),
    path("opportunities/new/", views.create, name="create"),
    path("opportunities/<uuid:public_id>/", views.detail, name="detail"),
    path("opportunities/<uuid:public_id>/edit/", views.edit, name="edit"),
    path("opportunities/<uuid:public_id>/status/", views.change_status, name="change_status"),
    path("opportunities/<uuid:public_id>/apply/", views.apply, name="apply"),
    path("opportunities/<uuid:public_id>/applicants/", views.applicants, name="applicants"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<uuid:public_id>/move/", views.move, name="move"),
    path("applications/<uuid:public_id>/complete/", views.complete, name="complete"),
    path("applications/<uuid:public_id>/sessions/", views.log_session, name="log_session"),
    path("applications/<uuid:public_id>/share-with-manager/", views.share_with_manager, name="share_with_manager"),
]
