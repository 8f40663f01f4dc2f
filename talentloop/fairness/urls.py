from django.urls import path

from talentloop.fairness import views

app_name = "fairness"
urlpatterns = [
    path("", views.audit, name="audit"),
]
