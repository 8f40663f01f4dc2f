"""Create the two admin persona groups and give them the model permissions of what they manage."""

from django.db import migrations

LOD = "L&OD admin"
TALENT = "Talent admin"
TALENT_MODELS = {
    "skills": ["skill", "skillcategory", "skillalias", "relatedskill", "skillexternalid"],
    "roles": ["role", "rolefamily", "roleskill"],
    "people": ["department", "location", "employee"],
    "marketplace": ["opportunity", "opportunityskill"],
}
LOD_MODELS = {"skills": ["skill", "skillcategory", "skillalias", "relatedskill"]}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in ((TALENT, TALENT_MODELS), (LOD, LOD_MODELS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model_names in models.items():
            group.permissions.add(
                *Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=model_names)
            )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[LOD, TALENT]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("skills", "0001_initial"),
        ("roles", "0001_initial"),
        ("people", "0001_initial"),
        ("marketplace", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_groups, delete_groups)]
