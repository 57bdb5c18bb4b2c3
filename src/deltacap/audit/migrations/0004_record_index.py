"""An index on a record's events: the audit page reads a record's name from them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_triggers")]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["object_type", "object_id"], name="audit_record"),
        ),
    ]
