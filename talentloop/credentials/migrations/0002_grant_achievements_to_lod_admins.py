"""L&OD admins run achievements in the admin and see (and revoke) the credentials issued."""

from django.db import migrations

PERMISSIONS = ["add_achievement", "change_achievement", "view_achievement", "view_credential"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="L&OD admin")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="credentials", codename__in=PERMISSIONS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="L&OD admin"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="credentials"))


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0001_achievements_credentials_signing_keys"),
        ("accounts", "0002_create_admin_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
