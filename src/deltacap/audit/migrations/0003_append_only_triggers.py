"""The database itself refuses to change or delete audit events.

PostgreSQL: a trigger refuses UPDATE and DELETE, except the one update Django makes when an
account is deleted (actor set to NULL, nothing else changed). SQLite: a trigger refuses
UPDATE with the same exception; DELETE is refused by the model and its query set only,
because test databases are emptied with DELETE on SQLite (PostgreSQL uses TRUNCATE).
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

COLUMNS = [
    "at",
    "actor_username",
    "channel",
    "action",
    "object_type",
    "object_id",
    "member_code",
    "before",
    "after",
    "origin",
]

POSTGRES = f"""
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
     AND ({", ".join("NEW." + c for c in COLUMNS)})
         IS NOT DISTINCT FROM ({", ".join("OLD." + c for c in COLUMNS)}) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit events are append-only';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""
SQLITE = f"""
CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_auditevent
WHEN NOT (NEW.actor_id IS NULL AND {" AND ".join(f"NEW.{c} IS OLD.{c}" for c in COLUMNS)})
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS audit_event_append_only;"


def _run(sql: dict[str, str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        statement = sql.get(schema_editor.connection.vendor)
        if statement:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_origin")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
        )
    ]
