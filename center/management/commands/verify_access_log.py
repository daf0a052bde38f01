"""Check the personal-data access log's hash chain.

Exit 0 when every entry links to its predecessor and its own hash is right;
exit 1 and list the broken entries otherwise (an entry edited, removed or
inserted outside the portal)."""

from django.core.management.base import BaseCommand

from center.privacy import PersonalDataAccess, verify_chain


class Command(BaseCommand):
    help = "개인정보 접근 기록의 해시 사슬을 검증합니다 (손상되면 종료 코드 1)."

    def handle(self, *args, **options):
        total = PersonalDataAccess.objects.count()
        broken = verify_chain()
        if not broken:
            self.stdout.write(f"접근 기록 {total}건의 해시 사슬이 온전합니다.")
            return
        self.stderr.write(f"접근 기록 {total}건 중 {len(broken)}건의 해시 사슬이 깨졌습니다:")
        entries = PersonalDataAccess.objects.filter(pk__in=broken).order_by("pk")
        for entry in entries:
            self.stderr.write(
                f"  #{entry.pk} {entry.at:%Y-%m-%d %H:%M:%S} {entry.username} "
                f"{entry.get_action_display()} {entry.subject}"
            )
        raise SystemExit(1)
