from django.urls import path

from talentloop.people import views

app_name = "people"
urlpatterns = [
    path("me/", views.me, name="me"),
    path("me/profile/", views.update_profile, name="update_profile"),
    path("me/visibility/", views.update_visibility, name="update_visibility"),
    path("me/skills/", views.add_skill, name="add_skill"),
    path("me/skills/suggest/", views.suggest_skills, name="suggest_skills"),
    path("me/skills/suggest/add/", views.add_inferred_skills, name="add_inferred_skills"),
    path("me/skills/<slug:slug>/evidence/", views.add_evidence, name="add_evidence"),
    path("me/skills/<slug:slug>/remove/", views.remove_skill, name="remove_skill"),
    path("me/aspirations/", views.update_aspirations, name="update_aspirations"),
    path("people/<uuid:public_id>/", views.person, name="person"),
    path("team/", views.team, name="team"),
]
