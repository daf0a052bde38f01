"""Issue 16.7: on a phone the four calls to action are on the first screen,
big enough to touch; the home page and its map look right at 390 and 1366 px."""

import os
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from center.demo import loader as center_demo
from center.demo import map as demo_map
from center.models import Organisation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("E2E_SCREENSHOTS")


@pytest.fixture
def org():
    org = Organisation.objects.create(
        **{**center_demo.DATA["organisation"], "floor_area": Decimal("92.07")}
    )
    png = demo_map.draw_png()
    if png is not None:
        org.map_image.save("map.png", ContentFile(png), save=False)
        org.map_credit = demo_map.CREDIT
        org.save()
    return org


@pytest.mark.parametrize(("width", "height"), [(360, 740), (390, 844), (1366, 768)])
def test_calls_to_action_on_the_first_screen(page, live_server, org, width, height):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/")
    actions = page.get_by_role("navigation", name="바로 가기").get_by_role("link")
    assert actions.count() == 4
    for index in range(4):
        box = actions.nth(index).bounding_box()
        assert box["y"] + box["height"] <= height, (index, box)  # no scrolling needed
        assert box["height"] >= 44
    # The center's name fits its line: no lone "터" broken off "서울특별시협동조합지원센터".
    title = page.get_by_role("heading", level=1)
    lines = title.evaluate(
        """h => { const r = document.createRange(); r.selectNodeContents(h);
            return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size; }"""
    )
    assert lines == 1, (title.inner_text(), lines)
    if org.map_image:
        image = page.get_by_role("img", name="약도", exact=False)
        assert image.evaluate("img => img.complete && img.naturalWidth") == 960
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/home-{width}.png", full_page=True)
    actions.first.click()
    page.wait_for_url("**/booking/**")
