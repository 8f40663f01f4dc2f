from django.urls import path

from talentloop.xapi import views

app_name = "xapi"
urlpatterns = [
    path("statements", views.statements, name="statements"),
    path("about", views.about, name="about"),
    path("unmatched/", views.unmatched, name="unmatched"),
    path("unmatched/reprocess/", views.reprocess, name="reprocess"),
]
