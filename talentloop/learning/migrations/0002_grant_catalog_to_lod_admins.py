"""L&OD admins run the catalog in the admin: they add, change and retire learning items and the skills they teach,
and read (not edit) learning records and their history, which change only through learning.services."""

from django.db import migrations

CATALOG = ["learningitem", "learningitemskill"]
RECORDS = ["learningrecord", "learningrecordevent"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="L&OD admin")
    codenames = [f"{action}_{model}" for model in CATALOG for action in ("add", "change", "delete", "view")]
    codenames += [f"view_{model}" for model in RECORDS]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="learning", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="L&OD admin"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="learning"))


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_catalog_and_records"),
        ("accounts", "0002_create_admin_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
