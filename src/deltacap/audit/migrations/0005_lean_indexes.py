# The actor and the member of an event are looked up by equality only: their indexes become
# plain ones under names of their own, without the second index PostgreSQL gets for LIKE
# patterns (every event written had to update it too).
#
# Done in place: changing the fields through the schema editor would remake the table on
# SQLite, and with it drop the triggers that keep the trail append-only (0003).

from django.db import migrations, models

_OLD = {
    "actor_username": "audit_auditevent_actor_username_45331152",
    "member_code": "audit_auditevent_member_code_1afdb414",
}
_NEW = {"actor_username": "audit_actor", "member_code": "audit_member"}


def _lean(apps, schema_editor):
    for column, old in _OLD.items():
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{old}_like"')
            schema_editor.execute(f'ALTER INDEX IF EXISTS "{old}" RENAME TO "{_NEW[column]}"')
        else:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{old}"')
            schema_editor.execute(
                f'CREATE INDEX "{_NEW[column]}" ON "audit_auditevent" ("{column}")'
            )


def _back(apps, schema_editor):
    for column, old in _OLD.items():
        new = _NEW[column]
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'ALTER INDEX IF EXISTS "{new}" RENAME TO "{old}"')
            schema_editor.execute(
                f'CREATE INDEX "{old}_like" ON "audit_auditevent" ("{column}" varchar_pattern_ops)'
            )
        else:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{new}"')
            schema_editor.execute(f'CREATE INDEX "{old}" ON "audit_auditevent" ("{column}")')


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_record_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(_lean, _back)],
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="actor_username",
                    field=models.CharField(blank=True, max_length=150, verbose_name="actor"),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="member_code",
                    field=models.CharField(blank=True, max_length=8, verbose_name="member"),
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(fields=["actor_username"], name="audit_actor"),
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(fields=["member_code"], name="audit_member"),
                ),
            ],
        )
    ]
