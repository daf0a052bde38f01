from django import forms

from center.uploads import validate_upload


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label="계획 파일(XLSX)",
        help_text="보고서 내보내기로 받은 엑셀 파일의 ‘예산집행현황’과 ‘성과지표’ 시트를 고쳐서 올립니다.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, kinds=("xlsx",), max_bytes=5 * 1024 * 1024)
        return upload
