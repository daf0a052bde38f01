"""The handover archive: the whole portal's data as an open, documented
folder that a new operator restores into an empty instance.

Layout of an archive (PATH):

    manifest.json          format, creation time, per table: file, row count, SHA-256;
                           per uploaded file: SHA-256
    README.md              Korean description of every file (generated)
    data/<app>.<model>.json one JSON file per table, Django's serialization format:
                           [{"model": ..., "pk": ..., "fields": {...}}, ...]
    files/...              every file under MEDIA_ROOT, same relative paths

Which tables: every model (and every many-to-many through table) of the
project's own apps, found with `apps.get_models()` so apps added later are
included without editing this file, plus auth users, groups and their
memberships and permissions. Not included: sessions, login-lock counters
(axes), second-factor devices (a new operator's staff enrol again), admin
log, Celery beat state; each is rebuilt by the new instance.

References to content types and permissions are written as natural keys
(["center", "budgetline"]), so they resolve in an instance whose ids differ;
all other references keep their primary keys.

Django's `dumpdata`/`loaddata` come close but write one file without
checksums, do not copy uploaded files, and cannot verify before loading;
this module uses Django's serializers for each table and adds those.
"""

import datetime as dt
import hashlib
import json
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

FORMAT = "seoul-coop-center-archive/1"
EXTRA_MODELS = ("auth.group", "auth.user")


class ArchiveError(Exception):
    """The archive is incomplete, altered, or cannot go into this database."""


def _project_app_labels() -> set[str]:
    base = Path(settings.BASE_DIR).resolve()
    labels = set()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if base in path.parents and ".venv" not in path.parts and "site-packages" not in path.parts:
            labels.add(config.label)
    return labels


def archived_models() -> list[type[models.Model]]:
    """Every table in the archive, dependency-ordered (referenced tables first)."""
    project = _project_app_labels()
    chosen = []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        owner = model._meta.auto_created._meta.label_lower if model._meta.auto_created else label
        if model._meta.proxy or not model._meta.managed:
            continue
        if model._meta.app_label in project or owner in EXTRA_MODELS:
            chosen.append(model)
    return _dependency_order(chosen)


def _dependency_order(chosen):
    labels = {m._meta.label_lower: m for m in chosen}
    needs = {
        label: {
            f.related_model._meta.label_lower
            for f in model._meta.concrete_fields
            if f.is_relation
            and f.related_model is not model
            and f.related_model._meta.label_lower in labels
        }
        for label, model in labels.items()
    }
    ordered, done = [], set()
    while needs:
        ready = sorted(label for label, deps in needs.items() if deps <= done)
        if not ready:  # a cycle: take the next one; FK checks are deferred to commit
            ready = [sorted(needs)[0]]
        for label in ready:
            ordered.append(labels[label])
            done.add(label)
            del needs[label]
    return ordered


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _table_file(model) -> str:
    return f"data/{model._meta.label_lower}.json"


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts datetimes to milliseconds; an archive must keep
    every microsecond so a restore is exact and a second export identical."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


def _serialize(model) -> tuple[str, int]:
    fields = [f.name for f in model._meta.concrete_fields if not f.primary_key]
    queryset = model._base_manager.order_by("pk")
    text = serializers.serialize(
        "json",
        queryset,
        fields=fields,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=False,
        indent=1,
        ensure_ascii=False,
        cls=ExactJSONEncoder,
    )
    return text, queryset.count()


def export_archive(path: Path) -> dict:
    """Write the archive to `path` (created; must be empty or absent)."""
    path = Path(path)
    if path.exists() and any(path.iterdir()):
        raise ArchiveError(f"{path}: 빈 폴더가 아닙니다.")
    (path / "data").mkdir(parents=True, exist_ok=True)
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "tables": [],
        "files": {},
    }
    # One consistent snapshot of every table.
    with transaction.atomic():
        for model in archived_models():
            text, rows = _serialize(model)
            target = path / _table_file(model)
            target.write_text(text, encoding="utf-8")
            manifest["tables"].append(
                {
                    "model": model._meta.label_lower,
                    "name": str(model._meta.verbose_name_plural),
                    "file": _table_file(model),
                    "rows": rows,
                    "sha256": _sha256(target),
                }
            )
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        for source in sorted(p for p in media.rglob("*") if p.is_file()):
            relative = source.relative_to(media).as_posix()
            target = path / "files" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            manifest["files"][relative] = _sha256(target)
    (path / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (path / "README.md").write_text(_readme(manifest), encoding="utf-8")
    return manifest


def _readme(manifest: dict) -> str:
    created = dt.datetime.fromisoformat(manifest["created_at"])
    lines = [
        "# 서울시협동조합지원센터 업무 포털 인계 자료",
        "",
        f"만든 때: {timezone.localtime(created):%Y년 %m월 %d일 %H:%M} (한국 시각)",
        "",
        "이 폴더는 포털의 모든 자료(상담·교육·지원사업·홍보·예산·성과지표·사용자 계정)를",
        "열린 형식으로 담은 것입니다. 다음 수탁기관은 빈 포털에 그대로 되살릴 수 있습니다:",
        "",
        "    python manage.py migrate",
        "    python manage.py import_archive 이_폴더",
        "",
        "## 파일",
        "",
        "- `manifest.json`: 표마다 파일 이름, 행 수, SHA-256 체크섬과 첨부파일의 체크섬.",
        "  `import_archive`는 먼저 모든 체크섬을 확인하고, 하나라도 다르면 아무것도 넣지 않습니다.",
        "- `data/<앱>.<모델>.json`: 표 하나에 파일 하나. UTF-8 JSON 배열이며 각 항목은",
        '  `{"model": 표 이름, "pk": 번호, "fields": {칸 이름: 값}}`입니다.',
        "  금액은 원 단위 정수, 날짜는 `YYYY-MM-DD`, 일시는 ISO 8601(UTC)입니다.",
        "  다른 표를 가리키는 칸은 그 표의 번호(pk)이고, 콘텐츠 종류·권한은",
        '  `["앱", "모델"]`처럼 이름으로 적습니다. 이진 자료는 base64입니다.',
        "- `files/`: 올린 첨부파일(상담 서류, 증빙 등). 표의 파일 칸에 적힌 경로와 같은 경로입니다.",
        "- `README.md`: 이 설명.",
        "",
        "개인정보가 들어 있으므로 암호화된 저장매체로만 옮기고, 인계가 끝나면 안전하게 파기하세요.",
        "",
        "## 표 목록",
        "",
        "| 파일 | 내용 | 행 수 |",
        "|---|---|---:|",
    ]
    for table in manifest["tables"]:
        lines.append(f"| `{table['file']}` | {table['name']} | {table['rows']:,} |")
    lines += ["", f"첨부파일: {len(manifest['files']):,}개 (`files/`)", ""]
    return "\n".join(lines)


@dataclass
class ImportResult:
    tables: int
    rows: int
    files: int


def verify_archive(path: Path) -> dict:
    """Check the manifest's checksums and row counts; raise ArchiveError listing problems."""
    path = Path(path)
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"manifest.json을 읽을 수 없습니다: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise ArchiveError(f"알 수 없는 형식입니다: {manifest.get('format')}")
    problems = []
    for table in manifest["tables"]:
        file = path / table["file"]
        if not file.exists():
            problems.append(f"없음: {table['file']}")
        elif _sha256(file) != table["sha256"]:
            problems.append(f"체크섬 불일치: {table['file']}")
    for relative, digest in manifest["files"].items():
        file = path / "files" / relative
        if not file.exists():
            problems.append(f"없음: files/{relative}")
        elif _sha256(file) != digest:
            problems.append(f"체크섬 불일치: files/{relative}")
    if problems:
        raise ArchiveError("인계 자료가 손상되었습니다:\n  " + "\n  ".join(problems))
    return manifest


def import_archive(path: Path) -> ImportResult:
    """Restore an archive into an empty instance, all or nothing."""
    path = Path(path)
    manifest = verify_archive(path)
    user_model = apps.get_model("auth", "user")
    if user_model.objects.exists():
        raise ArchiveError(
            "사용자 계정이 이미 있는 데이터베이스입니다. 빈 포털(migrate 직후)에만 되살릴 수 있습니다."
        )
    known = {m._meta.label_lower: m for m in archived_models()}
    missing = [t["model"] for t in manifest["tables"] if t["model"] not in known]
    if missing:
        raise ArchiveError(f"이 포털에 없는 표입니다: {', '.join(missing)}")
    restored = []
    total = 0
    with transaction.atomic():
        # Rows that migrations seed (groups, lookup tables) are replaced by the
        # archive's own copy of them. Raw deletes: no signals, no cascades.
        for model in reversed(archived_models()):
            model._base_manager.all()._raw_delete(connection.alias)
        for table in manifest["tables"]:
            model = known[table["model"]]
            text = (path / table["file"]).read_text(encoding="utf-8")
            objects = [d.object for d in serializers.deserialize("json", text)]
            if len(objects) != table["rows"]:
                raise ArchiveError(f"{table['file']}: 행 수가 manifest와 다릅니다.")
            if model._meta.parents:
                for obj in objects:
                    obj.save_base(raw=True)
            else:
                with _stored_timestamps(model):
                    model._base_manager.bulk_create(objects, batch_size=500)
            restored.append(model)
            total += len(objects)
        _reset_sequences(restored)
        # Files last, inside the transaction: if a copy fails, the rows roll
        # back and the files already copied are removed again.
        media = Path(settings.MEDIA_ROOT)
        copied = []
        try:
            for relative in manifest["files"]:
                target = media / relative
                if target.exists():
                    raise ArchiveError(f"이미 있는 파일입니다: {target}")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path / "files" / relative, target)
                copied.append(target)
        except BaseException:
            for target in copied:
                target.unlink(missing_ok=True)
            raise
    return ImportResult(tables=len(restored), rows=total, files=len(manifest["files"]))


@contextmanager
def _stored_timestamps(model):
    """bulk_create would stamp auto_now/auto_now_add fields with the present
    time (a raw save would not); keep the archived values instead."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _reset_sequences(models_list) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), models_list)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
