"""Uploaded files: size limit, type checked by content (magic bytes, not the
name), stored outside the static root under a random name, served only
through permission-checked views as attachments.

Written by hand because the usual library (python-magic) needs libmagic and
checks far more types than we accept; the handful we take are recognisable
by their first bytes.
"""

import os
import secrets
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible

MAX_UPLOAD_BYTES = settings.UPLOAD_MAX_BYTES_DOCUMENT

# kind → (label, extensions)
KINDS = {
    "pdf": ("PDF", {".pdf"}),
    "hwp": ("한글(HWP)", {".hwp"}),
    "hwpx": ("한글(HWPX)", {".hwpx"}),
    "docx": ("워드(DOCX)", {".docx"}),
    "xlsx": ("엑셀(XLSX)", {".xlsx"}),
    "pptx": ("파워포인트(PPTX)", {".pptx"}),
    "png": ("PNG 이미지", {".png"}),
    "jpeg": ("JPEG 이미지", {".jpg", ".jpeg"}),
}
DOCUMENTS = ("pdf", "hwp", "hwpx", "docx", "png", "jpeg")


def sniff(head: bytes, file) -> str | None:
    """Identify a file's kind from its content."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "hwp"  # OLE compound file: HWP 5 (old .doc/.xls are not accepted by extension)
    if head.startswith(b"PK\x03\x04"):
        try:
            file.seek(0)
            names = set(zipfile.ZipFile(file).namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            file.seek(0)
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "ppt/presentation.xml" in names:
            return "pptx"
        if "Contents/content.hpf" in names or "mimetype" in names:
            return "hwpx"
    return None


def validate_upload(file, kinds=DOCUMENTS, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Raise a Korean ValidationError unless `file` is one of `kinds`; return its kind."""
    allowed = "、".join(KINDS[k][0] for k in kinds).replace("、", ", ")
    if file.size > max_bytes:
        raise ValidationError(
            f"파일이 너무 큽니다. {max_bytes // (1024 * 1024)}MB 이하로 올려 주세요.", code="size"
        )
    if file.size == 0:
        raise ValidationError("빈 파일입니다.", code="empty")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    kind = sniff(head, file)
    ext = os.path.splitext(file.name or "")[1].lower()
    if kind not in kinds:
        raise ValidationError(
            f"올릴 수 없는 파일 형식입니다. {allowed} 파일만 올릴 수 있습니다.", code="type"
        )
    if ext not in KINDS[kind][1]:
        raise ValidationError(
            f"파일 이름의 확장자({ext or '없음'})가 내용({KINDS[kind][0]})과 다릅니다.", code="ext"
        )
    return kind


@deconstructible
class RandomUploadPath:
    """An `upload_to`: `<prefix>/<yyyy>/<random>.<ext>`; the original name is
    kept in the model, never in the path. A class (not a closure) so
    migrations can serialise it."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename):
        from django.utils import timezone

        ext = os.path.splitext(filename)[1].lower()[:8]
        return f"{self.prefix}/{timezone.now():%Y}/{secrets.token_hex(16)}{ext}"

    def __eq__(self, other):
        return isinstance(other, RandomUploadPath) and other.prefix == self.prefix

    def __hash__(self):
        return hash(self.prefix)


def random_upload_path(prefix: str) -> RandomUploadPath:
    return RandomUploadPath(prefix)


def attachment_response(field_file, download_name: str, *, inline: bool = False) -> FileResponse:
    """Serve a stored file as a download; `inline=True` only for an image a page
    shows (checked by content when it was uploaded). The type comes from
    `download_name`'s extension, never from the file."""
    if not field_file:
        raise Http404("파일이 없습니다.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("파일이 없습니다.") from exc
    response = FileResponse(handle, as_attachment=not inline, filename=download_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
