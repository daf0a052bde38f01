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

Protection: every file and folder is owner-only (0600/0700). The manifest is
signed (HMAC-SHA256 over its canonical JSON) with a key derived from the
access log's key, or, when a passphrase is given, from the passphrase; with a
passphrase every data file and attachment is also encrypted (AES-256-GCM,
key from scrypt; the file's path is the associated data, so files cannot be
swapped). Checksums are of the plain content. `import_archive` refuses an
archive whose signature fails, even when its checksums were recomputed.
Every export is recorded in the personal-data access log with its reason.

Django's `dumpdata`/`loaddata` come close but write one file without
checksums, do not copy uploaded files, and cannot verify before loading;
this module uses Django's serializers for each table and adds those.
"""

import base64
import datetime as dt
import getpass
import hashlib
import hmac
import json
import os
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

from .display import format_datetime
from .privacy import access_log_key, record_access

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


SCRYPT_PARAMS = {"n": 2**15, "r": 8, "p": 1}


@dataclass
class _Protection:
    """The keys of one archive: the manifest's MAC key, and the cipher when
    the archive is encrypted."""

    mac_key: bytes
    cipher: object = None
    description: dict | None = None

    def seal(self, data: bytes, name: str) -> bytes:
        if self.cipher is None:
            return data
        nonce = os.urandom(12)
        return nonce + self.cipher.encrypt(nonce, data, name.encode())

    def open(self, data: bytes, name: str) -> bytes:
        if self.cipher is None:
            return data
        from cryptography.exceptions import InvalidTag

        try:
            return self.cipher.decrypt(data[:12], data[12:], name.encode())
        except InvalidTag as exc:
            raise ArchiveError(
                f"{name}: 복호화할 수 없습니다 (암호가 다르거나 고친 파일)."
            ) from exc


def _instance_protection() -> _Protection:
    return _Protection(mac_key=hmac.new(access_log_key(), b"archive-manifest", "sha256").digest())


def _passphrase_protection(passphrase: str, description: dict | None = None) -> _Protection:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    if description is None:
        description = {
            "cipher": "AES-256-GCM",
            "kdf": "scrypt",
            "salt": base64.b64encode(os.urandom(16)).decode(),
            **SCRYPT_PARAMS,
        }
    kdf = Scrypt(
        salt=base64.b64decode(description["salt"]),
        length=64,
        n=description["n"],
        r=description["r"],
        p=description["p"],
    )
    material = kdf.derive(passphrase.encode())
    return _Protection(mac_key=material[32:], cipher=AESGCM(material[:32]), description=description)


def _canonical(manifest: dict) -> bytes:
    unsigned = {k: v for k, v in manifest.items() if k != "signature"}
    return json.dumps(unsigned, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _signature(manifest: dict, protection: _Protection) -> str:
    return hmac.new(protection.mac_key, _canonical(manifest), hashlib.sha256).hexdigest()


def _private_dir(path: Path) -> None:
    """Create `path` and any missing parents owner-only (mkdir's mode is
    masked by the umask and `parents=True` ignores it, so chmod each)."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)
    if not missing:
        os.chmod(path, 0o700)


def _private_write(target: Path, data: bytes) -> None:
    """Write a new file readable by its owner only, whatever the umask."""
    _private_dir(target.parent)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb", closefd=False) as handle:
            handle.write(data)
    finally:
        os.close(fd)


def export_archive(path: Path, *, reason: str, passphrase: str | None = None) -> dict:
    """Write the archive to `path` (created; must be empty or absent) and
    record the export, with its reason, in the access log."""
    path = Path(path)
    reason = (reason or "").strip()
    if not reason:
        raise ArchiveError("내보내는 사유를 적어야 합니다 (--reason).")
    if path.exists() and any(path.iterdir()):
        raise ArchiveError(f"{path}: 빈 폴더가 아닙니다.")
    protection = _passphrase_protection(passphrase) if passphrase else _instance_protection()
    _private_dir(path)
    _private_dir(path / "data")
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "tables": [],
        "files": {},
    }
    if protection.description:
        manifest["encryption"] = protection.description
    # One consistent snapshot of every table.
    with transaction.atomic():
        for model in archived_models():
            text, rows = _serialize(model)
            data = text.encode("utf-8")
            name = _table_file(model)
            _private_write(path / name, protection.seal(data, name))
            manifest["tables"].append(
                {
                    "model": model._meta.label_lower,
                    "name": str(model._meta.verbose_name_plural),
                    "file": name,
                    "rows": rows,
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        for source in sorted(p for p in media.rglob("*") if p.is_file()):
            relative = source.relative_to(media).as_posix()
            data = source.read_bytes()
            _private_write(path / "files" / relative, protection.seal(data, f"files/{relative}"))
            manifest["files"][relative] = hashlib.sha256(data).hexdigest()
    manifest["signature"] = {
        "alg": "HMAC-SHA256",
        "key": "passphrase" if passphrase else "instance",
        "value": _signature(manifest, protection),
    }
    _private_write(
        path / "manifest.json",
        json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"),
    )
    _private_write(path / "README.md", _readme(manifest).encode("utf-8"))
    # Logged after the snapshot, so the archive does not contain its own
    # entry (a restored instance exports byte-identical tables).
    rows = sum(t["rows"] for t in manifest["tables"])
    record_access(
        username=f"manage.py ({getpass.getuser()})",
        action="export",
        subject=f"인계 자료 전체 ({path.name}, 표 {len(manifest['tables'])}개, 행 {rows:,}개)"
        + (", 암호화" if passphrase else ""),
        object_type="archive",
        reason=reason,
    )
    return manifest


def _readme(manifest: dict) -> str:
    created = dt.datetime.fromisoformat(manifest["created_at"])
    lines = [
        "# 서울시협동조합지원센터 업무 포털 인계 자료",
        "",
        f"만든 때: {format_datetime(created)} (한국 시각)",
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
        "`manifest.json`은 서명되어 있어(HMAC-SHA256) 내용이나 체크섬을 고치면 되살리지 않습니다.",
        "암호(`--passphrase-file`)를 주고 만든 자료는 표와 첨부파일이 AES-256-GCM으로 암호화되어",
        "있으며, 되살릴 때 같은 암호가 필요합니다. 암호 없이 만든 자료의 서명은 이 포털의",
        "`ACCESS_LOG_KEY`(또는 SECRET_KEY)에서 나온 키로 확인하므로, 다른 포털로 옮길 때는 암호를 쓰세요.",
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


def _protection_of(manifest: dict, passphrase: str | None) -> _Protection:
    description = manifest.get("encryption")
    if description:
        if not passphrase:
            raise ArchiveError(
                "암호화된 인계 자료입니다. 만들 때 쓴 암호를 --passphrase-file로 주세요."
            )
        return _passphrase_protection(passphrase, description)
    # Without a passphrase an archive is signed with this instance's key.
    return _instance_protection()


def verify_archive(path: Path, passphrase: str | None = None) -> tuple[dict, _Protection]:
    """Check the manifest's signature, then every checksum; raise ArchiveError
    listing problems. Returns the manifest and the archive's keys."""
    path = Path(path)
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"manifest.json을 읽을 수 없습니다: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise ArchiveError(f"알 수 없는 형식입니다: {manifest.get('format')}")
    protection = _protection_of(manifest, passphrase)
    signature = (manifest.get("signature") or {}).get("value", "")
    if not hmac.compare_digest(str(signature), _signature(manifest, protection)):
        raise ArchiveError(
            "manifest.json의 서명이 맞지 않습니다: 내용이나 체크섬을 고친 자료이거나, "
            "다른 키·암호로 만든 자료입니다. 되살리지 않았습니다."
        )
    problems = []
    for table in manifest["tables"]:
        problem = _check(path, table["file"], table["sha256"], protection)
        if problem:
            problems.append(problem)
    for relative, digest in manifest["files"].items():
        problem = _check(path, f"files/{relative}", digest, protection)
        if problem:
            problems.append(problem)
    if problems:
        raise ArchiveError("인계 자료가 손상되었습니다:\n  " + "\n  ".join(problems))
    return manifest, protection


def _check(path: Path, name: str, digest: str, protection: _Protection) -> str | None:
    file = path / name
    if not file.exists():
        return f"없음: {name}"
    try:
        data = protection.open(file.read_bytes(), name)
    except ArchiveError:
        return f"복호화 실패: {name}"
    if hashlib.sha256(data).hexdigest() != digest:
        return f"체크섬 불일치: {name}"
    return None


def import_archive(path: Path, *, passphrase: str | None = None) -> ImportResult:
    """Restore an archive into an empty instance, all or nothing."""
    path = Path(path)
    manifest, protection = verify_archive(path, passphrase)

    def read(name: str) -> bytes:
        return protection.open((path / name).read_bytes(), name)

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
            text = read(table["file"]).decode("utf-8")
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
                if protection.cipher is None:
                    shutil.copy2(path / "files" / relative, target)
                else:
                    target.write_bytes(read(f"files/{relative}"))
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
