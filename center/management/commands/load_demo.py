"""Load the 2021 demo: the center as the 2021 주요업무보고 describes it.

Each app may contribute its own records through a `demo.load(stdout)` function
in its package; they run after the center's own data, in INSTALLED_APPS
order. Running the command twice changes nothing.
"""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand

from center.demo import accounts, loader


class Command(BaseCommand):
    help = "2021년 시연 데이터를 불러옵니다 (여러 번 실행해도 같은 결과)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="회계연도가 하나도 없을 때만 불러옵니다."
        )
        parser.add_argument(
            "--no-accounts", action="store_true", help="시연 계정을 만들지 않습니다."
        )

    def handle(self, *args, if_empty=False, no_accounts=False, **options):
        from center.models import FiscalYear

        if not no_accounts:
            accounts.ensure(self.stdout)
        if if_empty and FiscalYear.objects.exists():
            self.stdout.write("데이터가 이미 있어 시연 데이터를 불러오지 않았습니다.")
            return
        loader.load(self.stdout)
        for config in apps.get_app_configs():
            if config.name == "center":
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("시연 데이터를 모두 불러왔습니다."))
