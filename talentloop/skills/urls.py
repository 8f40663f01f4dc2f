from django.urls import path

from talentloop.skills import views

app_name = "skills"
urlpatterns = [
    path("typeahead/", views.typeahead, name="typeahead"),
]
