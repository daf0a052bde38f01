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


@register(Tags.compatibility)
def email_url_encryption(app_configs, **kwargs):
    """EMAIL_URL's scheme decides the encryption; a query or a port that looks
    like it does is a configuration that silently sends in the clear or hangs."""
    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        return []
    problems = []
    options = {key.lower() for key in getattr(settings, "EMAIL_URL_OPTIONS", {})}
    if options & {"tls", "ssl", "use_tls", "use_ssl", "starttls"}:
        problems.append(
            Warning(
                f"EMAIL_URL의 쿼리({', '.join(sorted(options))})는 암호화를 켜지 않습니다.",
                hint="587번 포트(STARTTLS)는 smtp+tls://, 465번 포트(TLS)는 smtp+ssl://로 쓰세요.",
                id="core.W002",
            )
        )
    # port: (the setting it needs, the scheme that sets it, what it is called, check id)
    expected = {
        465: ("EMAIL_USE_SSL", "smtp+ssl", "TLS", "core.W003"),
        587: ("EMAIL_USE_TLS", "smtp+tls", "STARTTLS", "core.W004"),
    }
    if settings.EMAIL_PORT in expected:
        setting, scheme, name, check_id = expected[settings.EMAIL_PORT]
        if not getattr(settings, setting):
            problems.append(
                Warning(
                    f"EMAIL_URL이 {settings.EMAIL_PORT}번 포트인데 {name}({setting})가 꺼져 있습니다.",
                    hint=f"{settings.EMAIL_PORT}번 포트는 {scheme}://user:pw@host:{settings.EMAIL_PORT}로 쓰세요.",
                    id=check_id,
                )
            )
    return problems
