"""ESCO from the web page and the API: an upload is saved and checked at once, then imported in the background.

`start_import` saves the ESCO download (one ZIP, the CSVs possibly in a subfolder, or the CSV files themselves)
under VAR_DIR/uploads/esco/<uuid>, checks that the files the import needs are there with the columns it reads, and
enqueues `tasks.import_esco_upload`; `import_status` says where that import is. Talent and L&OD admins only.
A wrong upload is an InvalidInput naming the file and the column, and nothing is enqueued.
"""

from __future__ import annotations

import re
import shutil
import uuid
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO
from zipfile import BadZipFile, ZipFile

from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

from talentloop.accounts.personas import Personas
from talentloop.errors import Forbidden, InvalidInput, NotFound
from talentloop.skills import esco
from talentloop.skills.services import may_edit_taxonomy
from talentloop.skills.tasks import import_esco_upload, upload_root

FIELD = "files"  # the form field and the API field the files come in
MAX_BYTES = 500 * 1024 * 1024  # all CSVs of one upload, unzipped; the whole ESCO download is about 50 MB
MAX_MEMBERS = 2000  # entries in one ZIP; the download has a few dozen
CHUNK = 1024 * 1024
LANGUAGE = re.compile(r"[a-z]{2,3}(-[a-z]{2,4})?")  # ESCO's file suffixes: en, pt, en-us...
# A backend that keeps no results (the immediate one, where the import ran in the request) has its outcome kept here.
REMEMBER_SECONDS = 7 * 24 * 3600

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


@dataclass(frozen=True)
class EscoImport:
    """Where one import is: queued, running, done (with the summary's numbers) or failed (with the reason)."""

    id: str
    status: str
    summary: dict[str, int] | None = None
    error: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.status in (DONE, FAILED)


def ensure_may_import(p: Personas) -> None:
    if not may_edit_taxonomy(p):
        raise Forbidden("Only talent admins and L&OD admins import ESCO.")


def start_import(p: Personas, files: Iterable[UploadedFile], language: str = "en") -> EscoImport:
    """Save and check the upload, then enqueue its import; InvalidInput (nothing enqueued) when it is wrong."""
    ensure_may_import(p)
    language = (language or "en").strip().lower()
    if not LANGUAGE.fullmatch(language):
        raise InvalidInput({"language": [f"{language!r} is not a language code such as en or pt."]})
    files = list(files)
    if not files:
        raise InvalidInput({FIELD: ["Choose the ESCO ZIP file, or its CSV files."]})
    folder = upload_root() / uuid.uuid4().hex
    folder.mkdir(parents=True)
    try:
        _save(files, folder)
        check_files(folder, language)
        result = import_esco_upload.enqueue(str(folder), language, p.user.pk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    started = _as_import(result)
    if not result.task.get_backend().supports_get_result:
        cache.set(_cache_key(result.id), started, REMEMBER_SECONDS)
    return started


def import_status(p: Personas, import_id: str) -> EscoImport:
    ensure_may_import(p)
    if not import_esco_upload.get_backend().supports_get_result:
        remembered = cache.get(_cache_key(import_id))
        if remembered is None:
            raise NotFound("No such ESCO import.")
        return remembered
    try:
        result = import_esco_upload.get_result(import_id)
    except (TaskResultDoesNotExist, TaskResultMismatch):  # a mismatch is another task's result: not ours to show
        raise NotFound("No such ESCO import.") from None
    return _as_import(result)


def _cache_key(import_id: str) -> str:
    return f"esco-import:{import_id}"


def _as_import(result: TaskResult) -> EscoImport:
    if result.status == TaskResultStatus.SUCCESSFUL:
        value = result.return_value or {}
        if "error" in value:
            return EscoImport(result.id, FAILED, error=value["error"], errors=value.get("errors", {}))
        return EscoImport(result.id, DONE, summary=value)
    if result.status == TaskResultStatus.FAILED:
        kind = result.errors[-1].exception_class_path.rsplit(".", 1)[-1] if result.errors else "an error"
        return EscoImport(result.id, FAILED, error=f"The import stopped on {kind} and imported nothing; "
                                                   "the worker's log has the details.")
    return EscoImport(result.id, RUNNING if result.status == TaskResultStatus.RUNNING else QUEUED)


# --- saving --------------------------------------------------------------------------------------------------------


def _save(files: list[UploadedFile], folder: Path) -> None:
    """Each CSV into `folder` under its own name, those in a ZIP too (wherever they sit in it)."""
    saved: set[str] = set()
    total = 0
    for upload in files:
        name = PurePosixPath((upload.name or "").replace("\\", "/")).name
        if name.lower().endswith(".zip"):
            total = _extract(upload, name, folder, saved, total)
        elif name.lower().endswith(".csv"):
            total = _write(folder, name, saved, upload.chunks(CHUNK), total, name)
        else:
            raise InvalidInput({FIELD: [f"{name}: neither a ZIP nor a CSV file."]})


def _extract(upload: UploadedFile, name: str, folder: Path, saved: set[str], total: int) -> int:
    try:
        with ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise InvalidInput({FIELD: [f"{name}: {len(members)} entries; the ESCO download has a few dozen."]})
            for member in members:
                if _escapes(member.filename):  # zip-slip: refuse the archive, though names are flattened below
                    raise InvalidInput({FIELD: [f"{name}: refused, the entry {member.filename!r} points outside the archive."]})
            csvs = [m for m in members if _is_csv(m.filename) and not m.is_dir()]
            if total + sum(m.file_size for m in csvs) > MAX_BYTES:
                raise InvalidInput({FIELD: [f"{name}: more than {MAX_BYTES // 2**20} MB of CSV files once unzipped."]})
            for member in csvs:
                with archive.open(member) as source:
                    base = PurePosixPath(member.filename.replace("\\", "/")).name
                    total = _write(folder, base, saved, _read_chunks(source), total, name)
    except (BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:  # damaged, encrypted, odd method
        raise InvalidInput({FIELD: [f"{name}: not a ZIP file that can be read ({exc})."]}) from exc
    return total


def _escapes(member: str) -> bool:
    path = member.replace("\\", "/")
    return path.startswith("/") or bool(re.match(r"[A-Za-z]:", path)) or ".." in PurePosixPath(path).parts


def _is_csv(member: str) -> bool:
    """A CSV file of the download; macOS's resource forks (__MACOSX/, ._name.csv) are not."""
    parts = PurePosixPath(member.replace("\\", "/")).parts
    return bool(parts) and parts[-1].lower().endswith(".csv") and not parts[-1].startswith("._") and "__MACOSX" not in parts


def _read_chunks(source: IO[bytes]) -> Iterator[bytes]:
    while chunk := source.read(CHUNK):
        yield chunk


def _write(folder: Path, base: str, saved: set[str], chunks: Iterable[bytes], total: int, upload_name: str) -> int:
    """Copy one file, counting the bytes as they come (a ZIP's stated sizes may lie); returns the new total."""
    if base in saved:
        raise InvalidInput({FIELD: [f"{upload_name}: a second file named {base}."]})
    saved.add(base)
    with (folder / base).open("wb") as target:
        for chunk in chunks:
            total += len(chunk)
            if total > MAX_BYTES:
                raise InvalidInput({FIELD: [f"{upload_name}: more than {MAX_BYTES // 2**20} MB of CSV files."]})
            target.write(chunk)
    return total


# --- checking ------------------------------------------------------------------------------------------------------


def check_files(folder: Path, language: str) -> None:
    """The files the import needs are there and their header rows have its columns, as read_esco will ask; the rows
    themselves are checked by the import (a bad row fails it, naming file, row and column)."""
    errors = esco.check_headers(folder, language)
    if errors:
        raise InvalidInput({FIELD: errors})
