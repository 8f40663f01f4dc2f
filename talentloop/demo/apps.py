from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "talentloop.demo"
    label = "demo"
    verbose_name = "Demo organisation"
