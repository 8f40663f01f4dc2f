from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "talentloop.credentials"
    label = "credentials"
    verbose_name = "Achievements and credentials"
