"""System checks of the center's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    """A key generated into the local key file is for a laptop, never a server:
    every container of a deployment would make its own."""
    if getattr(settings, "SECRET_KEY_FROM_FILE", False):
        return [
            Warning(
                f"SECRET_KEY가 환경 변수가 아니라 이 컴퓨터에서 만든 키 파일"
                f"({settings.SECRET_KEY_FILE})에서 왔습니다.",
                hint="운영 서버에서는 PORTAL_ENV=production과 50자 이상의 SECRET_KEY를 "
                "환경 변수로 설정하세요.",
                id="center.W001",
            )
        ]
    return []
