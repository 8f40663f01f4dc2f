"""Each credential gets a random bit in the W3C Bitstring Status Lists (credentials issued earlier get one too)."""

import secrets

from django.db import migrations, models

STATUS_LIST_BITS = 131_072


def draw_indexes(apps, schema_editor):
    Credential = apps.get_model("credentials", "Credential")
    taken: set[int] = set()
    for credential in Credential.objects.order_by("pk"):
        index = secrets.randbelow(STATUS_LIST_BITS)
        while index in taken:
            index = secrets.randbelow(STATUS_LIST_BITS)
        taken.add(index)
        credential.status_index = index
        credential.save(update_fields=["status_index"])


class Migration(migrations.Migration):
    dependencies = [("credentials", "0002_grant_achievements_to_lod_admins")]
    operations = [
        migrations.AddField(model_name="credential", name="status_index", field=models.PositiveIntegerField(null=True)),
        migrations.RunPython(draw_indexes, migrations.RunPython.noop),
        migrations.AlterField(model_name="credential", name="status_index", field=models.PositiveIntegerField(unique=True)),
    ]
