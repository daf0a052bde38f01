"""A digits-only phone column, and trigram indexes for the consultation search.

The trigram (pg_trgm, GIN) indexes exist on PostgreSQL only: they serve the
search's `icontains` lookups (Django writes them as UPPER(col) LIKE
UPPER('%…%'), so the indexes are on UPPER(col)) and the phone digits'
`contains`. On SQLite the operation does nothing; the search still works there
by scanning, which is fine at a laptop's size.
"""

from django.db import migrations, models

TRIGRAM_INDEXES = [
    ("consult_summary_trgm", "consultations_consultation", "UPPER(summary)"),
    ("consult_answer_trgm", "consultations_consultation", "UPPER(answer)"),
    ("coop_name_trgm", "consultations_cooperative", "UPPER(name::text)"),
    ("client_digits_trgm", "consultations_client", "phone_digits"),
]


def fill_phone_digits(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE consultations_client SET phone_digits = regexp_replace(phone, '[^0-9]', '', 'g')"
        )
        return
    Client = apps.get_model("consultations", "Client")
    changed = []
    for client in Client.objects.exclude(phone="").only("pk", "phone").iterator():
        client.phone_digits = "".join(ch for ch in client.phone if ch.isascii() and ch.isdigit())
        changed.append(client)
    Client.objects.bulk_update(changed, ["phone_digits"], batch_size=1000)


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0007_booking_address_digest_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="phone_digits",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                max_length=20,
                verbose_name="전화번호 숫자",
            ),
        ),
        migrations.AddField(
            model_name="historicalclient",
            name="phone_digits",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                max_length=20,
                verbose_name="전화번호 숫자",
            ),
        ),
        migrations.AddIndex(
            model_name="client",
            index=models.Index(fields=["name"], name="client_name_idx"),
        ),
        migrations.RunPython(fill_phone_digits, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
