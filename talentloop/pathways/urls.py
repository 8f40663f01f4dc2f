from django.urls import path

from talentloop.pathways import views

app_name = "pathways"
urlpatterns = [
    path("", views.explorer, name="explorer"),
    path("<slug:slug>/", views.role_plan, name="plan"),
    path("<slug:slug>/start/", views.start, name="start"),
    path("<slug:slug>/stop/", views.stop, name="stop"),
]
