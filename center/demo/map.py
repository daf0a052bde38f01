"""The demo's 약도 (a schematic, not to scale) of the way from 불광역 to the
center, drawn with Pillow so the home page shows a map that needs no map
service and no network. A real installation uploads its own map image
(for example an OpenStreetMap export) with its credit on the profile page.
"""

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

# Debian's fonts-noto-cjk (installed by `make install`); without it the demo
# has no map and the page shows the written directions only.
FONT_PATHS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
)
CREDIT = "약도: 서울시협동조합지원센터 작성 (축척 없음)"

ROAD = (205, 205, 205)
PARK = (214, 236, 214)
LINE3 = (239, 124, 28)  # 3호선 주황
LINE6 = (205, 124, 47)  # 6호선 황토
CENTER = (25, 135, 84)
TEXT = (33, 37, 41)


def _font(size: int, bold: bool = False):
    path = FONT_PATHS[1 if bold else 0]
    return ImageFont.truetype(str(path), size) if path.exists() else None


def draw_png() -> bytes | None:
    """The schematic as PNG bytes, or None when the Korean font is missing."""
    regular, bold = _font(22), _font(24, bold=True)
    if regular is None or bold is None:
        return None
    image = Image.new("RGB", (960, 540), (250, 250, 248))
    draw = ImageDraw.Draw(image)
    # 서울혁신파크 grounds, 통일로 (north-south) and the side road.
    draw.rectangle((520, 80, 900, 460), fill=PARK)
    draw.text((540, 92), "서울혁신파크", font=bold, fill=(40, 90, 40))
    draw.rectangle((440, 0, 500, 540), fill=ROAD)
    draw.text((372, 20), "통일로", font=regular, fill=TEXT)
    draw.rectangle((0, 300, 440, 340), fill=ROAD)
    # 불광역 (3·6호선) and exit 2.
    draw.ellipse((150, 290, 210, 350), fill=(255, 255, 255), outline=LINE3, width=8)
    draw.arc((150, 290, 210, 350), 90, 270, fill=LINE6, width=8)
    draw.text((110, 360), "불광역 (3·6호선)", font=bold, fill=TEXT)
    draw.rounded_rectangle((330, 260, 430, 296), radius=8, fill=LINE3)
    draw.text((343, 263), "2번 출구", font=regular, fill=(255, 255, 255))
    # The walk: exit 2 → cross 통일로 → building 1, 6th floor.
    draw.line((380, 300, 470, 300, 470, 250, 640, 250, 640, 220), fill=CENTER, width=6)
    draw.polygon(((628, 222), (652, 222), (640, 204)), fill=CENTER)
    draw.rectangle((590, 140, 745, 200), fill=CENTER)
    draw.text((614, 155), "1동 606호", font=bold, fill=(255, 255, 255))
    draw.text((560, 270), "걸어서 약 5분", font=regular, fill=CENTER)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
