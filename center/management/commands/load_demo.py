"""Load the 2021 demo: the center as the 2021 주요업무보고 describes it.

Each app registers its demo loader (`core.registry.register_demo`) in its
AppConfig.ready(); they run in registration order (INSTALLED_APPS order, so
the center's own data comes first). Running the command twice changes nothing.

`--if-empty` (the demo step of `make run`) loads nothing, not even the demo
accounts with their published passwords, when the database already holds any
real data: a user, or a row of one of the portal's own apps.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from center.demo import accounts
from core import registry


class Command(BaseCommand):
    help = "2021년 시연 데이터를 불러옵니다 (여러 번 실행해도 같은 결과)."

    def add_arguments(self, parser):
        for flag, text in [
            (
                "--if-empty",
                "데이터베이스가 비어 있을 때만(사용자도 기록도 없을 때) 계정과 함께 불러옵니다.",
            ),
            ("--no-accounts", "시연 계정을 만들지 않습니다."),
        ]:
            parser.add_argument(flag, action="store_true", help=text)

    def handle(self, *args, if_empty=False, no_accounts=False, **options):
        # Check before creating anything: the accounts come only with the demo.
        found = existing_data() if if_empty else None
        if found:
            self.stdout.write(
                f"데이터베이스에 이미 데이터가 있어({found}) 시연 데이터와 시연 계정을 "
                "만들지 않았습니다."
            )
            return
        if not no_accounts:
            accounts.ensure(self.stdout)
        for loader in registry.demo_loaders():
            loader.func(self.stdout)
        self.stdout.write(self.style.SUCCESS("시연 데이터를 모두 불러왔습니다."))


# Lists the apps' data migrations seed, so a freshly migrated database has
# them (a new seeding migration must add its model here; the empty-database
# test in tests/trust/test_accounts_demo.py fails until it does).
REFERENCE_DATA = {"consultations.Category", "education.CourseType", "programs.Program"}


def existing_data() -> str | None:
    """What makes the database non-empty ("사용자 3명", "협동조합 정보"), or None.

    Rows that `migrate` itself creates (permissions, content types, the role
    groups, the reference lists of REFERENCE_DATA) do not count; users and
    every other model of the portal's own apps do."""
    users = get_user_model().objects.count()
    if users:
        return f"사용자 {users}명"
    for config in apps.get_app_configs():
        if Path(config.path).parent != Path(settings.BASE_DIR):
            continue  # Django's and third-party apps (installed in the venv)
        for model in config.get_models():
            if model._meta.label in REFERENCE_DATA:
                continue
            if model._default_manager.exists():
                return str(model._meta.verbose_name)
    return None
