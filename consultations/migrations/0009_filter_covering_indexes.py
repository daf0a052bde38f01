"""Covering indexes for the consultation list's 분야 and 자치구 filters.

The list's capped count (`SELECT COUNT(*) FROM (SELECT id … LIMIT 10001)`)
of `?category=…&district=…` joins the category links to the consultations
of the district's cooperatives. Django's own indexes are a category_id-only
index on the link table and (cooperative_id, started_at) on the
consultations: neither holds the other side of the join, so the count read
every consultation row (a sequential scan until 10,001 matches). With
(category_id, consultation_id) and (cooperative_id, id) both sides are
index-only scans joined by hash, however many consultations there are.

Plain B-tree indexes, created on every database (the link table is
Django's automatic one, with no model Meta to declare them in); IF NOT EXISTS
so a database that has them already migrates cleanly.
"""

from django.db import migrations

INDEXES = [
    (
        "consult_cat_link_idx",
        "consultations_consultation_categories",
        "category_id, consultation_id",
    ),
    ("consult_coop_id_idx", "consultations_consultation", "cooperative_id, id"),
]


def create_indexes(apps, schema_editor):
    for name, table, columns in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def drop_indexes(apps, schema_editor):
    for name, _table, _columns in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0008_client_phone_digits"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
