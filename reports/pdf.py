"""PDF export through WeasyPrint: A4, cover, table of contents with page
numbers, running headers, page numbers, repeated table headers, and a free
Korean font (Nanum Gothic, from Debian's fonts-nanum that `make install`
installs) embedded through @font-face. One FontConfiguration is reused."""

import atexit
from functools import lru_cache
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string

FONT_DIRS = [
    Path("/usr/share/fonts/truetype/nanum"),
    Path("/usr/local/share/fonts/nanum"),
    Path.home() / ".local/share/fonts",
]
FONT_FILES = {"normal": "NanumGothic.ttf", "bold": "NanumGothicBold.ttf"}
FONT_FAMILY = "ReportKorean"


def font_paths() -> dict[str, Path]:
    found = {}
    for weight, name in FONT_FILES.items():
        for directory in FONT_DIRS:
            if (directory / name).exists():
                found[weight] = directory / name
                break
    if set(found) != set(FONT_FILES):
        raise ImproperlyConfigured(
            "PDF용 한글 글꼴(나눔고딕)을 찾을 수 없습니다. `make install`(root) 또는 "
            "`apt-get install fonts-nanum`으로 설치하세요."
        )
    return found


@lru_cache(maxsize=1)
def _weasy():
    """The FontConfiguration and compiled stylesheet, built once per process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    faces = "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
        f'src: url("{path.as_uri()}"); }}'
        for weight, path in font_paths().items()
    )
    css_text = faces + "\n" + (Path(__file__).parent / "pdf.css").read_text(encoding="utf-8")
    return font_config, CSS(string=css_text, font_config=font_config)


def standalone_css() -> str:
    """The PDF's stylesheet for the self-contained HTML export: the same rules,
    the Korean font taken from the reader's machine, a centred A4-wide column
    on screen; printing from the browser gives A4 with the PDF's margins."""
    faces = "\n".join(
        f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
        f'src: local("{name}"), local("Malgun Gothic"), local("Noto Sans KR"); }}'
        for weight, name in (("normal", "NanumGothic"), ("bold", "NanumGothic Bold"))
    )
    return faces + "\n" + (Path(__file__).parent / "pdf.css").read_text(encoding="utf-8")


def render_pdf(report, charts: dict) -> bytes:
    html = render_to_string("reports/pdf.html", {"report": report, "charts": charts})
    return html_to_pdf(html)


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint on the finished HTML (the same input gives the same file)."""
    from weasyprint import HTML

    font_config, stylesheet = _weasy()
    document = HTML(string=html, base_url=str(Path(__file__).parent))
    return document.write_pdf(stylesheets=[stylesheet], font_config=font_config)


# Release the cached FontConfiguration while the interpreter is still whole
# (its finaliser fails noisily during late shutdown).
atexit.register(_weasy.cache_clear)
