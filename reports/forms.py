from django import forms
from django.conf import settings

from core.uploads import validate_upload


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label="계획 파일(XLSX)",
        help_text="보고서 내보내기로 받은 엑셀 파일의 ‘예산집행현황’과 ‘성과지표’ 시트를 고쳐서 올립니다.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, kinds=("xlsx",), max_bytes=settings.UPLOAD_MAX_BYTES_WORKBOOK)
        return upload


class NarrativeForm(forms.ModelForm):
    """Staff write the report's prose per program unit; figures go in as
    placeholders such as {{ 기초상담.합계 }} and fill themselves in."""

    class Meta:
        from center.models import ProgramUnit

        model = ProgramUnit
        fields = ["target_group", "overview", "narrative"]
        widgets = {
            "overview": forms.Textarea(attrs={"rows": 8}),
            "narrative": forms.Textarea(attrs={"rows": 14}),
        }

    def clean(self):
        from .builder import validate_narrative

        cleaned = super().clean()
        for field in ("overview", "narrative"):
            unknown = validate_narrative(cleaned.get(field, ""), self.instance.area.fiscal_year)
            if unknown:
                self.add_error(
                    field,
                    "알 수 없는 항목이 있습니다: "
                    + ", ".join("{{ " + name + " }}" for name in unknown)
                    + ". 아래 목록의 이름을 쓰세요.",
                )
        return cleaned


class IndicatorMarkForm(forms.Form):
    """미실시 / 해당없음 with the note printed as the footnote."""

    status = forms.ChoiceField(
        label="표시", choices=[("not_held", "미실시"), ("not_applicable", "해당없음")]
    )
    note = forms.CharField(
        label="주석",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="보고서의 표 아래 ※ 주석으로 실립니다. 왜 '-'로 적는지 씁니다.",
        error_messages={"required": "왜 '-'로 적는지 주석을 쓰세요."},
    )
