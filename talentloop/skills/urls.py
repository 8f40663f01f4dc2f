from django.urls import path

from talentloop.skills import esco_views, views

app_name = "skills"
urlpatterns = [
    path("typeahead/", views.typeahead, name="typeahead"),
    path("import-esco/", esco_views.import_esco, name="import_esco"),
    path("import-esco/<slug:import_id>/", esco_views.import_esco_status, name="import_esco_status"),
]
