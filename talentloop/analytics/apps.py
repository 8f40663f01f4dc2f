from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "talentloop.analytics"
    label = "analytics"
    verbose_name = "Analytics"
