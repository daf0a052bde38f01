"""Issue 16.7 and 16.6: the home page leads citizens to what they came for
(calls to action on the first screen, service cards that are links, the way
to the center with a map that needs no map service), and every page has an
icon."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from center.demo import loader as center_demo
from center.demo import map as demo_map
from center.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    data = {**center_demo.DATA["organisation"], "floor_area": Decimal("92.07")}
    return Organisation.objects.create(**data)


def test_home_offers_the_four_things_citizens_come_for(client, org):
    body = client.get("/").content.decode()
    actions = body.split('aria-label="바로 가기"')[1].split("</nav>")[0]
    for url, label in [
        ("consultations:booking_calendar", "방문·화상 상담 예약"),
        ("consultations:question_new", "온라인으로 질문하기"),
        ("education:index", "교육 신청"),
        ("programs:public_calls", "지원사업 공모"),
    ]:
        assert f'href="{reverse(url)}">{label}</a>' in actions
    # Every service card is a link (the whole card is clickable).
    assert body.count('class="stretched-link text-reset"') == 4
    assert "불광역 2번 출구" in body and 'href="tel:1544-5077"' in body


def test_the_demo_map_is_drawn_and_served_inline(client, org):
    png = demo_map.draw_png()
    if png is None:
        pytest.skip("Debian's fonts-noto-cjk is not installed")
    assert Image.open(io.BytesIO(png)).size == (960, 540)
    org.map_image.save("map.png", SimpleUploadedFile("map.png", png), save=False)
    org.map_credit = demo_map.CREDIT
    org.save()
    body = client.get("/").content.decode()
    assert f'src="{reverse("map_image")}"' in body and demo_map.CREDIT in body
    response = client.get(reverse("map_image"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert b"".join(response.streaming_content) == png


def test_without_a_map_the_page_has_no_broken_image(client, org):
    assert 'src="/center-map/"' not in client.get("/").content.decode()
    assert client.get(reverse("map_image")).status_code == 404


def test_a_map_needs_an_image_and_its_credit(manager_client, org):
    from center.forms import OrganisationForm

    data = {
        **center_demo.DATA["organisation"],
        "floor_area": "92.07",
    }
    fake = SimpleUploadedFile("map.png", b"%PDF-1.4 not an image", content_type="image/png")
    form = OrganisationForm(data=data, files={"map_image": fake}, instance=org)
    assert not form.is_valid()
    assert "map_image" in form.errors
    png = io.BytesIO()
    Image.new("RGB", (10, 10)).save(png, format="PNG")
    upload = SimpleUploadedFile("map.png", png.getvalue(), content_type="image/png")
    form = OrganisationForm(data=data, files={"map_image": upload}, instance=org)
    assert not form.is_valid()
    assert form.errors["map_credit"] == ["약도를 올리면 지도 자료의 출처를 함께 적어 주세요."]


def test_every_page_names_its_icon_and_favicon_ico_finds_it(client, org):
    assert 'rel="icon"' in client.get("/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")
