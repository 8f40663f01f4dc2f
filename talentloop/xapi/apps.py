from django.apps import AppConfig


class XapiConfig(AppConfig):
    name = "talentloop.xapi"
    label = "xapi"
    verbose_name = "xAPI"
