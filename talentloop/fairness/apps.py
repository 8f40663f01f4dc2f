from django.apps import AppConfig


class FairnessConfig(AppConfig):
    name = "talentloop.fairness"
    label = "fairness"
    verbose_name = "Fairness (bias audit)"
