"""On PostgreSQL, a trigram index on the folded search text: "LIKE '%term%'" without a full scan.

pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner may create it. SQLite and a
PostgreSQL without the extension keep the plain scan: the search works the same, only slower.
"""

from django.db import migrations, transaction

INDEX = "petition_search_text_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # no privilege: keep the plain scan
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON petitions_petition USING gin (search_text gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [("petitions", "0053_admin_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
