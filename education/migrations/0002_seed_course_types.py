"""The course types of the 2021 report; indicator sources find them by code."""

from django.db import migrations

TYPES = [
    # (code, name, parent code, is_outreach, description)
    ("intro", "찾아가는 협동조합 입문교육", None, True, "협동조합 유형 및 특성 이해, 정의 및 가치"),
    ("founding", "찾아가는 협동조합 설립교육", None, True, "설립절차, 정관작성, 운영 시 유의점"),
    ("practical", "운영실무교육", None, False, "온라인 콘텐츠 제작, ICA 이해 등 운영 실무"),
    ("tailored", "맞춤교육", None, False, "세무, 인사노무, 공익법인 공시, 회계 등"),
    ("sc_disclosure", "사회적협동조합 경영공시 교육", None, False, "투명성 증진 및 사회적 성과 확산"),
    ("sc_procurement", "사회적협동조합 공공조달 교육", None, False, "공공조달 경쟁력 향상"),
    ("sc_outsourcing", "사회적협동조합 민간위탁 교육", None, False, "민간위탁 경쟁력 향상"),
    ("dissolution", "해산·청산교육", None, False, "해산·청산 절차 및 휴면간주제도 이해"),
    (
        "civil_servant",
        "자치구 공무원·사경센터 실무자 교육",
        None,
        False,
        "협동조합 기본법과 정관이해 실무역량강화",
    ),
    ("startup", "창업교육", None, False, "협동조합 창업에 필요한 분야별 맞춤교육 (코칭팀 대상)"),
    ("ica_leadership", "ICA 리더십 과정", "practical", False, "여러 회차 과정, 출석 기준 이상 수료"),
]


def seed(apps, schema_editor):
    CourseType = apps.get_model("education", "CourseType")
    by_code = {}
    for order, (code, name, parent, outreach, description) in enumerate(TYPES):
        obj, _ = CourseType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "order": order,
                "is_outreach": outreach,
                "description": description,
                "parent": by_code.get(parent),
            },
        )
        by_code[code] = obj


def unseed(apps, schema_editor):
    CourseType = apps.get_model("education", "CourseType")
    CourseType.objects.filter(code__in=[t[0] for t in TYPES], courses__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("education", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
