from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "talentloop.skills"
    label = "skills"
    verbose_name = "Skills taxonomy"
