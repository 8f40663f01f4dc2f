"""The credentials app's public functions: other apps call these, never its models.

    issue_now(employee_id)            issues them at once (optionally as of an earlier moment: the demo's history)
    on_evidence_changed(employee_id)  call after writing evidence for a person (inside or outside a transaction):
                                      issues the credentials they newly earned, once the write has committed
    credentials_of(employee_id)       the person's live credentials, as plain dicts (for profiles and exports)
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from talentloop.credentials import services
from talentloop.credentials.models import Credential
from talentloop.people.models import Employee


def issue_now(employee_id: int, *, issued_at: dt.datetime | None = None) -> list[str]:
    """Evaluate and issue at once; returns the public ids of the credentials issued. `issued_at` (aware, not in the
    future, not before the hire date) records an earlier issuance, on the achievements and evidence there were by
    then (the demo)."""
    employee = Employee.objects.select_related("user").filter(pk=employee_id).first()
    if employee is None:
        return []
    return [str(c.public_id) for c in services.evaluate_and_issue(employee, issued_at=issued_at)]


def on_evidence_changed(employee_id: int) -> None:
    """Runs after the caller's transaction commits, so a rolled-back write issues nothing, and the issuance reads
    the evidence as committed (immediately when there is no transaction). A failure to issue is logged, never
    raised into the caller: the evidence is written either way, and `talentloop issue-credentials` catches up."""
    transaction.on_commit(lambda: issue_now(employee_id), robust=True)


def credentials_of(employee_id: int) -> list[dict]:
    rows = Credential.objects.filter(employee_id=employee_id, revoked_at__isnull=True).select_related(
        "achievement__skill"
    )
    return [
        {
            "public_id": str(c.public_id), "achievement": c.achievement.name, "skill": c.achievement.skill.label,
            "level": c.achievement.level, "issued_at": c.issued_at, "hidden": c.hidden,
        }
        for c in rows
    ]
