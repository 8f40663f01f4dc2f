from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "talentloop.organisation"
    verbose_name = "Organisation settings"
    default_auto_field = "django.db.models.BigAutoField"
