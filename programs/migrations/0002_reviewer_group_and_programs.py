"""The outside reviewer group and the four programs the indicators count."""

from django.db import migrations

PROGRAMS = [
    ("startup", "초기성장지원", "협동조합 초기성장지원",
     "서울시에 설립을 희망하는 예비 (사회적)협동조합 창업팀에 창업교육, 코칭과 초기 사업비를 지원합니다."),
    ("scaleup", "스케일업지원", "협동조합 스케일업지원",
     "서울시 소재 (사회적)협동조합(컨소시엄)의 제품개발·사업화, 홍보·마케팅과 컨설팅을 지원합니다."),
    ("small-event", "작은행사지원", "협동조합 작은행사지원",
     "후원금과 온라인 모금(크라우드펀딩)으로 협동조합의 지역사회 공헌 행사를 지원합니다."),
    ("dormant", "휴면협동조합 재기지원", "휴면협동조합 지원",
     "사업 재추진 또는 해산·청산을 준비하는 협동조합에 진단과 컨설팅을 지원합니다."),
]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="심사위원")
    Program = apps.get_model("programs", "Program")
    for order, (code, name, line, description) in enumerate(PROGRAMS):
        Program.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "order": order,
                "budget_line_name": line,
                "description": description,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
