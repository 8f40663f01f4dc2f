from django.urls import path

from talentloop.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:name>/", views.metric, name="metric"),
]
