"""The only code that writes learning records, and the loop from learning to skills.

`record_result` and `record_progress` are the public entry points for every source (the web UI, the API, the xAPI
endpoint): atomic, idempotent (an outcome that does not move a record forward changes nothing and leaves no event),
and, when a record first reaches a completion or a pass, they add evidence on each skill the item teaches and move
the held proficiency by the rules in learning/rules.py, stamping the person so the feed changes on the next request.

The persona-checked actions (`enrol`, `update_progress`, `mark_completed`, `record_assessment_result`) are what the
web UI and the API call for a signed-in person.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.errors import Conflict, Forbidden, InvalidInput, NotFound
from talentloop.learning import catalog_csv, rules
from talentloop.learning.models import LearningItem, LearningItemSkill, LearningRecord, LearningRecordEvent
from talentloop.matching import stamps
from talentloop.people.models import Employee, EmployeeSkill, EvidenceSource, SkillEvidence
from talentloop.skills.models import Skill

OUTCOMES = tuple(o.value for o in rules.Outcome)
MAX_SOURCE_LENGTH = 120


# --- reading --------------------------------------------------------------------------------------------------


def item_by_public_id(public_id: uuid.UUID | str, *, active_only: bool = False) -> LearningItem:
    try:
        key = uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound("No such learning item.") from None
    qs = LearningItem.objects.filter(public_id=key)
    if active_only:
        qs = qs.filter(is_active=True)
    item = qs.first()
    if item is None:
        raise NotFound("No such learning item.")
    return item


def item_for_activity(activity_id: str) -> LearningItem | None:
    """The catalog item an xAPI activity id names (exact match), or None when the catalog does not know it."""
    if not activity_id:
        return None
    return LearningItem.objects.filter(activity_id=activity_id).first()


def record_of(employee: Employee, item: LearningItem) -> LearningRecord | None:
    return LearningRecord.objects.filter(employee=employee, item=item).first()


def can_view_records_of(p: Personas, employee: Employee) -> bool:
    """The person, their line managers (direct and indirect), L&OD admins and talent admins; nobody else."""
    if not p.user.is_authenticated:
        return False
    if p.is_lod_admin or p.is_talent_admin:
        return True
    viewer = p.employee
    if viewer is None:
        return False
    if viewer.pk == employee.pk:
        return True
    from talentloop.people.access import ProfileAccess

    return employee.pk in ProfileAccess(p).report_ids


def records_for(p: Personas, employee: Employee):  # -> QuerySet[LearningRecord]
    if not can_view_records_of(p, employee):
        raise NotFound("No such person.")
    return LearningRecord.objects.filter(employee=employee).select_related("item").order_by("-updated_at", "-id")


# --- the loop: records and evidence ---------------------------------------------------------------------------


def _validate(outcome: str, score: float | None, at: dt.datetime | None, source: str) -> None:
    errors: dict[str, list[str]] = {}
    if outcome not in OUTCOMES:
        errors["outcome"] = [f"Must be one of: {', '.join(OUTCOMES)}."]
    if score is not None and (
        isinstance(score, bool) or not isinstance(score, int | float) or math.isnan(score) or not 0 <= score <= 1
    ):
        errors["score"] = ["Must be a scaled score from 0 to 1."]
    if at is not None and (not isinstance(at, dt.datetime) or timezone.is_naive(at)):
        errors["at"] = ["Must be a date and time with a time zone."]
    if not isinstance(source, str) or not source or len(source) > MAX_SOURCE_LENGTH:
        errors["source"] = [f'Must be "ui" or "xapi:<source system>", at most {MAX_SOURCE_LENGTH} characters.']
    if errors:
        raise InvalidInput(errors)


def _locked_record(employee: Employee, item: LearningItem, at: dt.datetime, source: str) -> tuple[LearningRecord, bool]:
    """The person's record on the item, locked for this transaction; created (enrolled at `at`) when missing."""
    record = LearningRecord.objects.select_for_update().filter(employee=employee, item=item).first()
    if record is not None:
        return record, False
    try:
        with transaction.atomic():  # a savepoint: a concurrent first statement may create it between our two queries
            return LearningRecord.objects.create(employee=employee, item=item, enrolled_at=at, source=source), True
    except IntegrityError:
        return LearningRecord.objects.select_for_update().get(employee=employee, item=item), False


def _add_learning_evidence(
    employee: Employee, skill: Skill, target: int, *, assessing: bool, observed_on: dt.date, note: str, link: str
) -> int:
    """Evidence of `skill` at `target` from a completed (or passed) item; moves the held level by the rule in
    learning/rules.py and returns it. A sibling of people.services.record_observed_skill, whose rule suits observed
    work (it may lower a self-declared level) but not learning (which never lowers a level)."""
    es = EmployeeSkill.objects.select_for_update().filter(employee=employee, skill=skill).first()
    held = es.proficiency if es is not None else None
    level = rules.level_after_pass(held, target) if assessing else rules.level_after_completion(held, target)
    if es is None:
        es = EmployeeSkill.objects.create(employee=employee, skill=skill, proficiency=level)
    source = EvidenceSource.ASSESSMENT if assessing else EvidenceSource.LEARNING_COMPLETION
    SkillEvidence.objects.create(
        employee_skill=es, source=source, proficiency=target, observed_on=observed_on, link=link, note=note[:500],
        verified=assessing,
    )
    es.proficiency = level
    es.verified = assessing or es.evidence.filter(verified=True).exists()
    es.save(update_fields=["proficiency", "verified", "updated_at"])
    return level


def _write_evidence(record: LearningRecord, at: dt.datetime) -> dict[str, int]:
    item = record.item
    link = item.url if item.url.startswith(("https://", "http://")) else ""
    verb = "passed" if item.is_assessing else "completed"
    note = f"{item.get_kind_display().capitalize()} {verb}: {item.title}"
    levels: dict[str, int] = {}
    taught = LearningItemSkill.objects.filter(item=item, skill__is_active=True).select_related("skill").order_by("skill__slug")
    for ts in taught:
        levels[ts.skill.slug] = _add_learning_evidence(
            record.employee, ts.skill, ts.target_level, assessing=item.is_assessing,
            observed_on=timezone.localdate(at), note=note, link=link,
        )
    if levels:
        stamps.people_changed(record.employee_id)
    # A completion or a pass may meet an achievement's criteria: credentials issues what is newly earned on commit.
    from talentloop.credentials.api import on_evidence_changed  # at call time: credentials reads learning

    on_evidence_changed(record.employee_id)
    return levels


@transaction.atomic
def record_result(
    employee: Employee,
    item: LearningItem,
    outcome: str,
    *,
    score: float | None = None,
    at: dt.datetime | None = None,
    source: str = "ui",
) -> LearningRecord:
    """Record that `employee` enrolled in, progressed on, completed, passed or failed `item`.

    Idempotent: an outcome that does not move the record forward (the same outcome again, or a late one) changes
    nothing. When the record first reaches a completion (teaching items: course, module, programme) or a pass
    (assessing items: assessment, micro-certification), evidence goes on every skill the item teaches:

    - completed course/module/programme: unverified `learning_completion` evidence at the target level; the held
      level rises by at most one step toward the target (never above it, never down);
    - passed assessment/micro-certification: verified `assessment` evidence at the target level; the held level
      becomes the target if that is higher;
    - failed: no evidence.

    Trusted callers only (the persona-checked actions below, the xAPI endpoint): it does not check who asks.
    """
    _validate(outcome, score, at, source)
    at = at or timezone.now()
    record, created = _locked_record(employee, item, at, source)
    before = None if created else record.status
    new_status = rules.STATUS_OF_OUTCOME[rules.Outcome(outcome)]
    assessing = item.is_assessing
    if not created and not rules.moves_forward(before, new_status, assessing=assessing):
        return record
    record.status = new_status
    record.source = source
    if new_status in {"completed", "passed"}:
        record.progress = 100
        record.completed_at = at
    if score is not None and new_status in {"completed", "passed", "failed"}:
        record.score = score
    record.save()
    levels = _write_evidence(record, at) if rules.evidence_is_new(before, new_status, assessing=assessing) else {}
    LearningRecordEvent.objects.create(
        record=record, outcome=outcome, status=record.status, progress=record.progress, score=record.score, at=at,
        source=source, evidence_levels=levels,
    )
    return record


@transaction.atomic
def record_progress(
    employee: Employee, item: LearningItem, percent: int, *, source: str = "ui", at: dt.datetime | None = None
) -> LearningRecord:
    """Progress (0 to 100 percent) on an item: the record is in progress and its progress never goes down. Progress
    on a record that is already finished (completed, passed or failed) changes nothing."""
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise InvalidInput({"percent": ["Must be a whole number from 0 to 100."]})
    _validate(rules.Outcome.PROGRESSED, None, at, source)
    at = at or timezone.now()
    record, created = _locked_record(employee, item, at, source)
    if record.status not in {"enrolled", "in_progress"}:
        return record
    if not created and record.status == "in_progress" and percent <= record.progress:
        return record
    record.status = "in_progress"
    record.progress = max(record.progress, percent)
    record.source = source
    record.save()
    LearningRecordEvent.objects.create(
        record=record, outcome=rules.Outcome.PROGRESSED, status=record.status, progress=record.progress,
        score=record.score, at=at, source=source,
    )
    return record


# --- what a signed-in person may do ---------------------------------------------------------------------------


def _learner(p: Personas) -> Employee:
    if p.employee is None:
        raise Forbidden("Only employees have learning records.")
    return p.employee


def _offered(item: LearningItem) -> None:
    if not item.is_active:
        raise Conflict({"item": [f"{item.title} is no longer offered."]})


def enrol(p: Personas, item: LearningItem) -> LearningRecord:
    employee = _learner(p)
    _offered(item)
    return record_result(employee, item, rules.Outcome.ENROLLED, source="ui")


def update_progress(p: Personas, item: LearningItem, percent: int) -> LearningRecord:
    employee = _learner(p)
    _offered(item)
    return record_progress(employee, item, percent, source="ui")


def mark_completed(p: Personas, item: LearningItem) -> LearningRecord:
    """A person says they completed a course, module or programme. An assessment's result is never self-declared."""
    employee = _learner(p)
    if item.is_assessing:
        raise Forbidden(
            f"The result of the {item.get_kind_display()} is recorded by an L&OD admin or by the learning system, "
            "not self-declared."
        )
    _offered(item)
    return record_result(employee, item, rules.Outcome.COMPLETED, source="ui")


def record_assessment_result(
    p: Personas, employee: Employee, item: LearningItem, outcome: str, *, score: float | None = None
) -> LearningRecord:
    """An L&OD admin records a person's result (completed, passed or failed) on any item."""
    if not p.is_lod_admin:
        raise Forbidden("Only L&OD admins record results.")
    if outcome not in {"completed", "passed", "failed"}:
        raise InvalidInput({"outcome": ["Must be one of: completed, passed, failed."]})
    return record_result(employee, item, outcome, score=score, source="ui")


# --- the catalog: CSV import and export -----------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


ITEM_FIELDS = ("title", "kind", "provider", "url", "duration_minutes", "format", "compliance", "activity_id", "description")


def may_manage_catalog(p: Personas) -> bool:
    return p.is_lod_admin


def _check_against_catalog(rows: list[catalog_csv.ItemRow]) -> dict[str, Skill]:
    """Skills must exist and be active; an activity id may not belong to another item. Raises with every problem."""
    wanted = {slug for row in rows for slug in row.skills}
    skills = {s.slug: s for s in Skill.objects.filter(slug__in=wanted)}
    activity_owner = dict(
        LearningItem.objects.filter(activity_id__in=[r.activity_id for r in rows if r.activity_id]).values_list("activity_id", "slug")
    )
    errors: dict[str, list[str]] = {}
    for row in rows:
        for slug in row.skills:
            skill = skills.get(slug)
            if skill is None:
                errors.setdefault(f"row {row.row}, column skills", []).append(f"unknown skill '{slug}'")
            elif not skill.is_active:
                errors.setdefault(f"row {row.row}, column skills", []).append(f"skill '{slug}' is retired from the taxonomy")
        owner = activity_owner.get(row.activity_id)
        if row.activity_id and owner is not None and owner != row.slug:
            errors.setdefault(f"row {row.row}, column activity_id", []).append(f"'{row.activity_id}' is already the activity id of '{owner}'")
    if errors:
        raise InvalidInput(dict(list(errors.items())[: catalog_csv.MAX_ERRORS]))
    return skills


def import_catalog(p: Personas | None, text: str) -> ImportSummary:
    """Create or update (by slug) every item of a catalog CSV, with the skills each teaches; all or nothing: any bad
    row and nothing is written. `p` is None for the command line (the operator); in the web UI, L&OD admins only.
    Items not in the file are left as they are; an item's skills become exactly those of its row."""
    if p is not None and not may_manage_catalog(p):
        raise Forbidden("Only L&OD admins import the catalog.")
    rows = catalog_csv.parse(text)
    try:
        with transaction.atomic():
            return _import_rows(rows, _check_against_catalog(rows))
    except IntegrityError:
        # Two items swapping activity ids in one file, or a concurrent edit: nothing is written.
        raise InvalidInput({"file": ["The file conflicts with the catalog (an activity id or slug is taken); nothing was imported."]}) from None


def _import_rows(rows: list[catalog_csv.ItemRow], skills: dict[str, Skill]) -> ImportSummary:
    existing = {i.slug: i for i in LearningItem.objects.select_for_update().filter(slug__in=[r.slug for r in rows])}
    taught: dict[int, dict[int, LearningItemSkill]] = {}
    for ts in LearningItemSkill.objects.filter(item__in=existing.values()):
        taught.setdefault(ts.item_id, {})[ts.skill_id] = ts
    created = updated = unchanged = 0
    for row in rows:
        item = existing.get(row.slug)
        values = {name: getattr(row, name) for name in ITEM_FIELDS}
        if item is None:
            item = LearningItem.objects.create(slug=row.slug, **values)
            created += 1
            changed = True
        else:
            changed = any(getattr(item, k) != v for k, v in values.items())
            if changed:
                for k, v in values.items():
                    setattr(item, k, v)
                item.save()
        want = {skills[slug].pk: level for slug, level in row.skills.items()}
        have = taught.get(item.pk, {})
        gone = [ts.pk for sid, ts in have.items() if sid not in want]
        moved = [ts for sid, ts in have.items() if sid in want and ts.target_level != want[sid]]
        new = [LearningItemSkill(item=item, skill_id=sid, target_level=level) for sid, level in want.items() if sid not in have]
        if gone:
            LearningItemSkill.objects.filter(pk__in=gone).delete()
        for ts in moved:
            ts.target_level = want[ts.skill_id]
            ts.save(update_fields=["target_level"])
        LearningItemSkill.objects.bulk_create(new)
        if row.slug in existing:
            if changed or gone or moved or new:
                updated += 1
            else:
                unchanged += 1
    return ImportSummary(created, updated, unchanged)


def export_catalog_rows() -> Iterator[list]:
    """The active catalog as CSV rows in catalog_csv.COLUMNS order, by slug."""
    items = LearningItem.objects.filter(is_active=True).prefetch_related(
        Prefetch("taught_skills", queryset=LearningItemSkill.objects.select_related("skill").order_by("-target_level", "skill__slug"))
    ).order_by("slug")
    for item in items.iterator(chunk_size=500):
        skills = ";".join(f"{ts.skill.slug}:{ts.target_level}" for ts in item.taught_skills.all())
        yield [
            item.slug, item.title, item.kind, item.provider, item.url, item.duration_minutes, item.format,
            "true" if item.compliance else "false", item.activity_id, skills, item.description,
        ]


def export_catalog_csv() -> Iterator[str]:
    return catalog_csv.write(export_catalog_rows())
