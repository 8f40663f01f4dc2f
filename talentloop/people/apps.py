from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "talentloop.people"
    label = "people"
    verbose_name = "People"
