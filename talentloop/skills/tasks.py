"""Background tasks of the skills taxonomy: the ESCO import of an upload (skills/esco_upload.py saves and checks it).

Run by `talentloop worker` from the database queue (inline in tests); arguments are plain JSON values.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django_tasks import task

from talentloop.errors import DomainError
from talentloop.skills import esco, intelligence

logger = logging.getLogger(__name__)


def upload_root() -> Path:
    """Where uploads wait for their import: one folder each, deleted by the task."""
    return Path(settings.VAR_DIR) / "uploads" / "esco"


@task()
def import_esco_upload(path: str, language: str, user_id: int) -> dict:
    """Import the ESCO files of one upload folder, then delete the folder. Returns the summary's numbers, or
    {"error": message, "errors": {where: [messages]}} when a file is wrong or another edit got there first (nothing
    was written then)."""
    folder = Path(path).resolve()
    if folder.parent != upload_root().resolve():
        # The task deletes what it is given: only ever an upload's own folder.
        raise ValueError(f"{path} is not an ESCO upload folder")
    try:
        summary = esco.import_esco(folder, language)
    except DomainError as exc:  # EscoFormatError (a bad row), or Conflict (a concurrent edit of the taxonomy)
        logger.info("ESCO import of %s (user %s) imported nothing: %s", folder.name, user_id, exc.message)
        return {"error": exc.message, "errors": exc.errors}
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    intelligence.forget_index()  # this process's index at once; others notice the changed taxonomy within seconds
    logger.info("ESCO import of %s (user %s): %s", folder.name, user_id, summary)
    return asdict(summary)
