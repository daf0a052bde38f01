"""Build the web font the pages use into static/vendor/noto-sans-kr (make assets).

The pages use Noto Sans KR in two weights (400 and 700). Shipping all nine
weights of @fontsource (53 MB, woff and woff2) made collectstatic and the first
start slow. This writes one woff2 file per weight, subset to KS X 1001 (its
2,350 Hangul syllables, compatibility jamo and symbols, without Hanja) plus
Latin and common punctuation, and a 400.css / 700.css that name only them.

By default (fast, a second): the @fontsource woff2 files of the two weights
are copied (5 MB in unicode-range fragments, so a browser fetches only the
fragments a page needs) and the CSS is rewritten to name only those (no woff
fallback: every browser the portal supports reads woff2).

With --subset (make assets FONT_SUBSET=1): one woff2 per weight (about 1.1 MB
each) from Debian's Noto Sans CJK KR (fonts-noto-cjk, the same design). It costs
about 50 s of CPU, so it is not part of the first start.

Usage: python tools/build_fonts.py [--subset] NODE_FONTSOURCE_DIR OUT_DIR
"""

import re
import shutil
import sys
import time
from pathlib import Path

WEIGHTS = {400: "Regular", 700: "Bold"}
CJK_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-{style}.ttc")
KR_FONT_NUMBER = 1  # Noto Sans CJK KR inside the collection

FACE = """@font-face {{
  font-family: 'Noto Sans KR';
  font-style: normal;
  font-display: swap;
  font-weight: {weight};
  src: url(./files/noto-sans-kr-ksx1001-{weight}-normal.woff2) format('woff2');
}}
"""


def ksx1001_codepoints() -> list[int]:
    """Latin, punctuation and every KS X 1001 character except Hanja."""
    points = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    points |= set(range(0x2010, 0x2050)) | {0x20A9, 0x20AC, 0x2122, 0x2190, 0x2192}
    for cp in range(0x80, 0x10000):
        if 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF:
            continue  # Hanja: 4,888 glyphs the portal's pages never show
        try:
            chr(cp).encode("euc-kr")
        except UnicodeEncodeError:
            continue
        points.add(cp)
    return sorted(points)


def subset(out: Path) -> None:
    from fontTools import subset as ft_subset

    unicodes = ksx1001_codepoints()
    css = []
    for weight, style in WEIGHTS.items():
        target = out / "files" / f"noto-sans-kr-ksx1001-{weight}-normal.woff2"
        options = ft_subset.Options()
        options.flavor = "woff2"
        options.font_number = KR_FONT_NUMBER
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        font = ft_subset.load_font(str(CJK_TTC).format(style=style), options)
        subsetter = ft_subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        ft_subset.save_font(font, str(target), options)
        (out / f"{weight}.css").write_text(FACE.format(weight=weight), encoding="utf-8")
        css.append(f"{weight}: {target.stat().st_size // 1024} KB")
    print("  글꼴 부분 집합(KS X 1001 한글 + 라틴):", ", ".join(css))


def copy_woff2(source: Path, out: Path) -> None:
    woff_fallback = re.compile(r",\s*url\([^)]*\.woff\) format\('woff'\)")
    count = 0
    for weight in WEIGHTS:
        text = woff_fallback.sub("", (source / f"{weight}.css").read_text(encoding="utf-8"))
        for name in re.findall(r"url\(\./files/([^)]+\.woff2)\)", text):
            shutil.copy2(source / "files" / name, out / "files" / name)
            count += 1
        (out / f"{weight}.css").write_text(text, encoding="utf-8")
    print(f"  글꼴: 400·700 굵기의 woff2 {count}개만 복사했습니다.")


def main(source: Path, out: Path, want_subset: bool) -> None:
    started = time.monotonic()
    shutil.rmtree(out, ignore_errors=True)
    (out / "files").mkdir(parents=True)
    have_cjk = all(Path(str(CJK_TTC).format(style=s)).exists() for s in WEIGHTS.values())
    if want_subset and have_cjk:
        subset(out)
    else:
        if want_subset:
            print("  Debian 글꼴(fonts-noto-cjk)이 없어 부분 집합 대신 woff2를 복사합니다.")
        copy_woff2(source, out)
    print(f"  글꼴 준비 {time.monotonic() - started:.1f}초")


if __name__ == "__main__":
    args = sys.argv[1:]
    flag = "--subset" in args
    paths = [a for a in args if a != "--subset"]
    main(Path(paths[0]), Path(paths[1]), flag)
