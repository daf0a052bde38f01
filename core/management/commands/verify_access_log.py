"""Check the personal-data access log: its keyed hash chain and its anchors.

Exit 0 when every entry links to its predecessor and its own HMAC is right,
and the chain still holds every signed checkpoint (the ones stored at the
monthly reviews and the files given with --checkpoint); exit 1 and list the
problems otherwise (an entry edited, removed or inserted outside the portal,
the newest entries cut off, or the chain recomputed without the key)."""

import json

from django.core.management.base import BaseCommand, CommandError

from core.privacy import PersonalDataAccess, verify_log


class Command(BaseCommand):
    help = "개인정보 접근 기록의 해시 사슬과 서명된 검증점을 검증합니다 (손상되면 종료 코드 1)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="점검 화면에서 내려받은 검증점 JSON 파일 (여러 번 줄 수 있습니다)",
        )

    def handle(self, *args, checkpoint, **options):
        files = []
        for name in checkpoint:
            try:
                with open(name, encoding="utf-8") as handle:
                    files.append(json.load(handle))
            except (OSError, ValueError) as exc:
                raise CommandError(f"{name}: 검증점 파일을 읽을 수 없습니다: {exc}") from exc
        total = PersonalDataAccess.objects.count()
        broken, problems = verify_log(files)
        if not broken and not problems:
            self.stdout.write(f"접근 기록 {total}건의 해시 사슬과 검증점이 온전합니다.")
            return
        if broken:
            self.stderr.write(f"접근 기록 {total}건 중 {len(broken)}건의 해시 사슬이 깨졌습니다:")
            entries = PersonalDataAccess.objects.filter(pk__in=broken).order_by("pk")
            for entry in entries:
                self.stderr.write(
                    f"  #{entry.pk} {entry.at:%Y-%m-%d %H:%M:%S} {entry.username} "
                    f"{entry.get_action_display()} {entry.subject}"
                )
        for problem in problems:
            self.stderr.write(f"  {problem}")
        raise SystemExit(1)
