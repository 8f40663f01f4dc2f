from django.urls import path

from talentloop.matching import views

app_name = "matching"
urlpatterns = [
    path("for-you/", views.feed, name="feed"),
    path("opportunities/<uuid:public_id>/candidates/", views.candidates, name="candidates"),
    path("opportunities/<uuid:public_id>/candidates/invite/", views.invite_candidate, name="invite"),
    path("staffing/", views.staffing_page, name="staffing"),
    path("staffing/invitations/", views.send_invitations, name="send_invitations"),
]
