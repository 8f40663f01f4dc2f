"""Talent admins change the organisation settings (there is one row; nobody adds or deletes it)."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Talent admin")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="organisation", codename__in=["change_organisationsettings", "view_organisationsettings"]
        )
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Talent admin"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="organisation"))


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_organisation_settings"),
        ("accounts", "0002_create_admin_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
