from django.urls import path

from talentloop.learning import views

app_name = "learning"
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("mine/", views.mine, name="mine"),
    path("import/", views.import_catalog, name="import"),
    path("export.csv", views.export_catalog, name="export"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/enrol/", views.enrol, name="enrol"),
    path("<uuid:public_id>/progress/", views.progress, name="progress"),
    path("<uuid:public_id>/complete/", views.complete, name="complete"),
    path("<uuid:public_id>/result/", views.record_result, name="record_result"),
]
