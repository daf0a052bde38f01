"""The report's export formats and file names (kept apart from the renderers,
so the export model needs no renderer)."""

FORMATS = {
    "pdf": ("PDF", "application/pdf", "pdf"),
    "xlsx": ("엑셀", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "html": ("HTML", "text/html; charset=utf-8", "html"),
    "hwpx": ("한글(HWPX)", "application/hwp+zip", "hwpx"),
}


def filename(fiscal_year, fmt: str, *, draft: bool = False) -> str:
    """2021_주요업무보고.pdf; a report with unreviewed carried-over lines is
    2022_주요업무보고_초안.pdf."""
    suffix = "_초안" if draft else ""
    return f"{fiscal_year.year}_주요업무보고{suffix}.{FORMATS[fmt][2]}"
