"""core.views (the generic list/create/edit/delete views) and core.errors.ServiceError."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.errors import ServiceError
from core.views import add_service_error


class PhoneForm(forms.Form):
    name = forms.CharField()
    phone = forms.CharField()


def _bound():
    form = PhoneForm({"name": "김철수", "phone": "010-1234-5678"})
    assert form.is_valid()
    return form


def test_service_error_carries_its_field_and_message():
    exc = ServiceError("phone", "이 휴대전화 번호로 이미 신청하셨습니다.")
    assert exc.field == "phone"
    assert exc.message == str(exc) == "이 휴대전화 번호로 이미 신청하셨습니다."
    assert exc.message_dict == {"phone": ["이 휴대전화 번호로 이미 신청하셨습니다."]}
    # Older `except ValidationError` clauses still catch it.
    with pytest.raises(ValidationError):
        raise exc


def test_service_error_goes_next_to_its_field():
    form = _bound()
    add_service_error(form, ServiceError("phone", "이미 신청하셨습니다."))
    assert form.errors == {"phone": ["이미 신청하셨습니다."]}


def test_service_error_without_field_is_a_non_field_error():
    form = _bound()
    add_service_error(form, ServiceError(None, "신청이 마감된 교육입니다."))
    assert form.non_field_errors() == ["신청이 마감된 교육입니다."]
    assert "name" not in form.errors


def test_service_error_on_a_field_the_form_lacks_is_a_non_field_error():
    form = _bound()
    add_service_error(form, ServiceError("budget_line", "세부 항목을 고르세요."))
    assert form.non_field_errors() == ["세부 항목을 고르세요."]


def test_many_errors_each_land_on_their_field():
    form = _bound()
    add_service_error(
        form, ServiceError.many({"name": "이름을 입력하세요.", None: "다시 시도하세요."})
    )
    assert form.errors["name"] == ["이름을 입력하세요."]
    assert form.non_field_errors() == ["다시 시도하세요."]


def test_plain_validation_error_dict_is_understood_too():
    form = _bound()
    add_service_error(form, ValidationError({"phone": "번호를 확인해 주세요."}))
    assert form.errors == {"phone": ["번호를 확인해 주세요."]}


def test_rename_and_fallback_point_errors_at_the_fields_the_form_shows():
    form = _bound()
    add_service_error(
        form,
        ServiceError.many({"mobile": "번호를 확인해 주세요.", "budget": "남은 예산이 없습니다."}),
        rename={"mobile": "phone"},
        fallback="name",
    )
    assert form.errors == {"phone": ["번호를 확인해 주세요."], "name": ["남은 예산이 없습니다."]}
