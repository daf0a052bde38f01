"""A funding's cooperative is kept by name, no longer as a foreign key to the
consultations app's cooperative model (domain apps hold no model of another
domain app); each row keeps the name it linked to. The two unique-in-a-year
constraints carry their Korean message (one statement of the rule)."""

from django.db import migrations, models


def copy_names(apps, schema_editor):
    participant = apps.get_model("activities", "FundingParticipant")
    for row in participant.objects.select_related("cooperative"):
        row.cooperative_name = row.cooperative.name
        row.save(update_fields=["cooperative_name"])


def restore_links(apps, schema_editor):
    participant = apps.get_model("activities", "FundingParticipant")
    cooperative = apps.get_model("consultations", "Cooperative")
    for row in participant.objects.all():
        row.cooperative, _ = cooperative.objects.get_or_create(name=row.cooperative_name)
        row.save(update_fields=["cooperative"])


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0001_initial"),
        ("consultations", "0008_client_phone_digits"),
    ]

    operations = [
        migrations.AddField(
            model_name="fundingparticipant",
            name="cooperative_name",
            field=models.CharField(default="", max_length=100, verbose_name="협동조합명"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="fundingparticipant",
            name="cooperative",
            field=models.ForeignKey(
                null=True,
                on_delete=models.PROTECT,
                related_name="+",
                to="consultations.cooperative",
                verbose_name="협동조합",
            ),
        ),
        migrations.RunPython(copy_names, restore_links),
        migrations.RemoveConstraint(
            model_name="fundingparticipant", name="unique_funding_participant"
        ),
        migrations.RemoveField(model_name="fundingparticipant", name="cooperative"),
        migrations.RenameField(
            model_name="fundingparticipant", old_name="cooperative_name", new_name="cooperative"
        ),
        migrations.AddConstraint(
            model_name="fundingparticipant",
            constraint=models.UniqueConstraint(
                fields=("campaign", "cooperative"), name="unique_funding_participant"
            ),
        ),
        migrations.AlterConstraint(
            model_name="committee",
            name="unique_committee_per_year",
            constraint=models.UniqueConstraint(
                fields=("fiscal_year", "name"),
                name="unique_committee_per_year",
                violation_error_code="unique_in_year",
                violation_error_message="같은 회계연도에 같은 이름의 위원회가 있습니다.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="publication",
            name="unique_publication_per_year",
            constraint=models.UniqueConstraint(
                fields=("fiscal_year", "title"),
                name="unique_publication_per_year",
                violation_error_code="unique_in_year",
                violation_error_message="같은 회계연도에 같은 이름의 발간물이 있습니다.",
            ),
        ),
    ]
