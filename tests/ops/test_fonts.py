"""Only the font files the pages use are shipped (tools/build_fonts.py)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FONTSOURCE = ROOT / "node_modules" / "@fontsource" / "noto-sans-kr"


@pytest.mark.skipif(not FONTSOURCE.exists(), reason="npm packages not installed (make assets)")
def test_build_fonts_copies_only_the_two_weights_in_woff2(tmp_path):
    out = tmp_path / "noto-sans-kr"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_fonts.py"), str(FONTSOURCE), str(out)],
        check=True,
        capture_output=True,
    )
    assert sorted(p.name for p in out.glob("*.css")) == ["400.css", "700.css"]
    files = {p.name for p in (out / "files").iterdir()}
    assert files and all(re.search(r"-(400|700)-normal\.woff2$", name) for name in files)
    referenced = set()
    for css in out.glob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert ".woff)" not in text
        referenced |= set(re.findall(r"url\(\./files/([^)]+)\)", text))
    # Every file the CSS names exists (ManifestStaticFilesStorage would fail), and no other.
    assert referenced == files
    size = sum(p.stat().st_size for p in (out / "files").iterdir())
    assert size < 8 * 1024 * 1024, f"{size} bytes of fonts"


def test_base_template_uses_only_the_two_weights():
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    weights = set(re.findall(r"vendor/noto-sans-kr/(\d+)\.css", base))
    assert weights == {"400", "700"}
