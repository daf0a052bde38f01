"""The report's export formats and file names (kept apart from the renderers,
so the export model needs no renderer)."""

FORMATS = {
    "pdf": ("PDF", "application/pdf", "pdf"),
    "xlsx": ("엑셀", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "html": ("HTML", "text/html; charset=utf-8", "html"),
    "hwpx": ("한글(HWPX)", "application/hwp+zip", "hwpx"),
}


def filename(fiscal_year, fmt: str) -> str:
    return f"{fiscal_year.year}_주요업무보고.{FORMATS[fmt][2]}"
