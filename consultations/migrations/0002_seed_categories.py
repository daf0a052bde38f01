"""Seed the consultation topics the 2021 report names; managers edit them later."""

from django.db import migrations

TOPICS = [
    "협동조합 개념",
    "설립",
    "운영",
    "갈등",
    "인증제도",
    "외부자원 안내",
    "설립·변경 서류검토",
    "조직변경",
    "해산·청산",
    "기타",
]


def seed(apps, schema_editor):
    Category = apps.get_model("consultations", "Category")
    for order, name in enumerate(TOPICS, start=1):
        Category.objects.get_or_create(name=name, defaults={"order": order})


def unseed(apps, schema_editor):
    Category = apps.get_model("consultations", "Category")
    Category.objects.filter(name__in=TOPICS, consultations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
