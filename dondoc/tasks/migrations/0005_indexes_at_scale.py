"""Indexes for a province's history (about 1,000,000 tasks); README "Speed at full scale".

Portable ones are model indexes (`Task.Meta.indexes`); the trigram index for searching
without diacritics is PostgreSQL's (pg_trgm), created only there.
"""

from django.db import migrations, models


def trigram_on(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS task_content_trgm ON tasks_task USING gin (content_folded gin_trgm_ops)"
    )


def trigram_off(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS task_content_trgm")


class Migration(migrations.Migration):
    dependencies = [("tasks", "0004_field")]

    operations = [
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=[
                    "effective_due_date",
                    "completed_on",
                    "assigned_on",
                    "state",
                    "closed_on",
                    "extension_count",
                    "recurrence",
                    "lead_unit",
                ],
                condition=models.Q(parent__isnull=True, deleted_at__isnull=True),
                include=["id", "original_due_date", "due_date"],
                name="task_top_status",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["effective_due_date", "id"],
                condition=models.Q(parent__isnull=True, deleted_at__isnull=True),
                name="task_top_order",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["effective_due_date", "id"],
                condition=models.Q(parent__isnull=True, deleted_at__isnull=True, completed_on__isnull=True),
                name="task_top_open_order",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["assigned_by", "state"], name="task_assigned_by_state"),
        ),
        migrations.AddIndex(
            model_name="task", index=models.Index(fields=["lead_unit", "id"], name="task_lead_id")
        ),
        migrations.AddIndex(
            model_name="task", index=models.Index(fields=["assignee", "id"], name="task_assignee_id")
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["parent", "id"], condition=models.Q(deleted_at__isnull=True), name="task_live_child"
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["id"], condition=models.Q(deleted_at__isnull=True), name="task_live_id"),
        ),
        # The coordinating units' tasks by unit, read from the index alone (visibility).
        migrations.RunSQL(
            "CREATE INDEX task_coord_unit_task ON tasks_task_coordinating_units (unit_id, task_id)",
            "DROP INDEX task_coord_unit_task",
        ),
        migrations.RunPython(trigram_on, trigram_off),
    ]
