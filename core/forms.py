"""Rules every app's forms share."""

from .fields import dates_out_of_order


class DateOrderMixin:
    """An end date before its start date is refused next to the end field:

        class CampaignForm(DateOrderMixin, forms.ModelForm):
            date_order = [("start", "end", "종료일은 시작일보다 빠를 수 없습니다.")]

    A pair with a missing or invalid date is left to the fields' own errors
    (`core.fields.dates_out_of_order`, which models' `clean()` use too)."""

    date_order: list[tuple[str, str, str]] = []

    def clean(self):
        cleaned = super().clean()
        for end, message in dates_out_of_order(cleaned.get, self.date_order).items():
            self.add_error(end, message)
        return cleaned


def clashes(form, model, **lookups) -> bool:
    """Whether a row of `model` other than the form's own has these values:
    the check behind a unique rule, so the form can say which field clashes
    (`if clashes(self, ProgramUnit, area=area, name=name): self.add_error(...)`)."""
    rows = model.objects.filter(**lookups)
    if form.instance.pk:
        rows = rows.exclude(pk=form.instance.pk)
    return rows.exists()


class ClashMixin:
    """A unique rule over several fields, refused next to one of them before
    the database would refuse it:

        class ProgramUnitForm(ClashMixin, forms.ModelForm):
            clash_rules = [(("area", "name"), "name", "같은 분야에 같은 이름의 단위사업이 있습니다.")]

    The rows compared are the form's model's, narrowed by `clash_scope()`
    (e.g. the form's fiscal year); a rule with an empty value is left to the
    fields' own errors."""

    clash_rules: list[tuple[tuple[str, ...], str, str]] = []

    def clash_scope(self) -> dict:
        return {}

    def clean(self):
        cleaned = super().clean()
        for names, field, message in self.clash_rules:
            values = {name: cleaned.get(name) for name in names}
            if all(values.values()) and clashes(
                self, self._meta.model, **self.clash_scope(), **values
            ):
                self.add_error(field, message)
        return cleaned
