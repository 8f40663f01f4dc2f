"""L&OD admins manage source systems and read statements in the admin (statements are never edited there)."""

from django.db import migrations

GRANTS = ["add_sourcesystem", "change_sourcesystem", "view_sourcesystem", "view_statement"]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="L&OD admin")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="xapi", codename__in=GRANTS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="L&OD admin"):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="xapi"))


class Migration(migrations.Migration):
    dependencies = [
        ("xapi", "0001_source_systems_and_statements"),
        ("accounts", "0002_create_admin_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
