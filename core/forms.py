"""Rules every app's forms share."""


class DateOrderMixin:
    """An end date before its start date is refused next to the end field:

        class CampaignForm(DateOrderMixin, forms.ModelForm):
            date_order = [("start", "end", "종료일은 시작일보다 빠를 수 없습니다.")]

    A pair with a missing or invalid date is left to the fields' own errors."""

    date_order: list[tuple[str, str, str]] = []

    def clean(self):
        cleaned = super().clean()
        for start, end, message in self.date_order:
            first, last = cleaned.get(start), cleaned.get(end)
            if first and last and last < first:
                self.add_error(end, message)
        return cleaned
