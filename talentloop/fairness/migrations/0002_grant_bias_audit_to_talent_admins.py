"""Give the "Talent admin" group the permission to view the bias audit (superusers hold it anyway)."""

from django.db import migrations

TALENT = "Talent admin"


def _permission(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    # The permission is normally created after all migrations (post_migrate); create it now so the group can hold it.
    content_type, _ = ContentType.objects.get_or_create(app_label="fairness", model="demographic")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_bias_audit", defaults={"name": "Can view the bias audit"}
    )
    return permission


def grant(apps, schema_editor):
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=TALENT)
    group.permissions.add(_permission(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=TALENT).first()
    if group is not None:
        group.permissions.remove(_permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("fairness", "0001_demographics_and_recommendation_exposure"),
        ("accounts", "0002_create_admin_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
