from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "talentloop.roles"
    label = "roles"
    verbose_name = "Job architecture"
