from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "talentloop.matching"
    label = "matching"
    verbose_name = "Matching"
