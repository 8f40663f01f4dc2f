"""The only code that writes xAPI data: source systems, statements, and the learning records statements become.

A statement is stored by its id exactly once; sending it again with the same content changes nothing, with other
content it is a conflict. When it is stored, a known verb about a known person and a known catalog activity calls
learning's `record_result` (or `record_progress`) in the same transaction; anything else is kept with the reason
(`outcome`), and the unmatched ones wait on the admins' page for `reprocess` after the catalog or people are fixed.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.errors import Conflict, Forbidden, InvalidInput
from talentloop.learning import services as learning
from talentloop.people.models import Employee
from talentloop.xapi.models import UNMATCHED, Outcome, SourceSystem, Statement, hash_secret
from talentloop.xapi.statements import ParsedStatement, StatementError, canonical, parse_statement

log = logging.getLogger(__name__)

ADL = "http://adlnet.gov/expapi/verbs/"
# The verbs that become learning records, and the outcome each gives (see docs/xapi.md).
VERB_OUTCOMES = {
    ADL + "completed": "completed",
    ADL + "passed": "passed",
    ADL + "failed": "failed",
    ADL + "attempted": "enrolled",
    ADL + "launched": "enrolled",
    ADL + "registered": "enrolled",
    ADL + "progressed": "progressed",
}
CMI5_PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress"
MAX_BATCH = 500


def can_manage_xapi(p: Personas) -> bool:
    """L&OD admins run the catalog the statements point at; talent admins fix the people they name."""
    return p.is_lod_admin or p.is_talent_admin


# --- source systems -------------------------------------------------------------------------------------------


def new_credentials() -> tuple[str, str]:
    """A key (the HTTP Basic user name) and a secret; only the secret's hash is ever stored."""
    return "xapi_" + secrets.token_hex(8), secrets.token_urlsafe(32)


@transaction.atomic
def create_source_system(name: str) -> tuple[SourceSystem, str]:
    """Returns the system and its secret, which cannot be shown again."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput({"name": ["Give the source system a name, e.g. the learning platform it is."]})
    if SourceSystem.objects.filter(name__iexact=name).exists():
        raise Conflict({"name": [f"There is already a source system named {name!r}."]})
    key, secret = new_credentials()
    system = SourceSystem.objects.create(name=name, key=key, secret_hash=hash_secret(secret))
    log.info("xapi source system %s created (key %s)", name, key)
    return system, secret


def replace_secret(system: SourceSystem) -> str:
    """A new secret for the system; the old one stops working at once."""
    secret = secrets.token_urlsafe(32)
    SourceSystem.objects.filter(pk=system.pk).update(secret_hash=hash_secret(secret))
    system.secret_hash = hash_secret(secret)
    log.info("xapi source system %s has a new secret", system.name)
    return secret


def authenticate(key: str, secret: str) -> SourceSystem | None:
    system = SourceSystem.objects.filter(key=key, is_active=True).first()
    # Compare even when the key is unknown, so the answer takes as long either way.
    expected = system.secret_hash if system else hash_secret(secrets.token_urlsafe(32))
    if hmac.compare_digest(expected, hash_secret(secret)) and system is not None:
        return system
    return None


# --- storing statements ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Incoming:
    raw: dict
    parsed: ParsedStatement


def parse_batch(payload: object) -> list[Incoming]:
    """One statement or a list of them, checked whole: any error rejects the batch, naming the statement."""
    batch = payload if isinstance(payload, list) else [payload]
    if not batch:
        raise InvalidInput("The list of statements is empty.")
    if len(batch) > MAX_BATCH:
        raise InvalidInput(f"At most {MAX_BATCH} statements in one request; this one has {len(batch)}.")
    out: list[Incoming] = []
    seen: set[uuid.UUID] = set()
    for index, data in enumerate(batch):
        where = f"statement {index}" if isinstance(payload, list) else "statement"
        try:
            parsed = parse_statement(data)
        except StatementError as exc:
            raise InvalidInput({where: [str(exc)]}) from None
        if parsed.id is not None:
            if parsed.id in seen:
                raise InvalidInput({where: [f"id {parsed.id} appears twice in this request."]})
            seen.add(parsed.id)
        out.append(Incoming(data, parsed))
    return out


@transaction.atomic
def store_statements(system: SourceSystem, batch: list[Incoming], version: str) -> list[uuid.UUID]:
    """Store every statement of a POST (all or none), giving ids to those without; the ids in order."""
    return [_store(system, incoming, version) for incoming in batch]


@transaction.atomic
def put_statement(system: SourceSystem, statement_id: uuid.UUID, incoming: Incoming, version: str) -> None:
    if incoming.parsed.id is not None and incoming.parsed.id != statement_id:
        raise InvalidInput({"statementId": [f"The statement's id {incoming.parsed.id} differs from statementId {statement_id}."]})
    _store(system, incoming, version, statement_id=statement_id)


def _store(system: SourceSystem, incoming: Incoming, version: str, *, statement_id: uuid.UUID | None = None) -> uuid.UUID:
    parsed = incoming.parsed
    sid = statement_id or parsed.id or uuid.uuid4()
    raw = {**incoming.raw, "id": str(sid)}
    existing = Statement.objects.filter(pk=sid).first()
    if existing is not None:
        _same_or_conflict(existing, raw)
        return sid
    now = timezone.now()
    statement = Statement(
        id=sid, raw=raw, source=system, version=version, actor_mbox=parsed.actor_mbox,
        actor_account_home_page=parsed.actor_account_home_page, actor_account_name=parsed.actor_account_name,
        verb_id=parsed.verb_id, activity_id=parsed.object_id if parsed.object_type == "Activity" else "",
        success=parsed.success, completion=parsed.completion,
        score_scaled=parsed.score.as_fraction() if parsed.score else None,
        timestamp=parsed.timestamp or now, stored=now, outcome=Outcome.IGNORED_VERB,
    )
    try:
        with transaction.atomic():  # a savepoint: the same id may arrive twice at once
            statement.save(force_insert=True)
    except IntegrityError:
        _same_or_conflict(Statement.objects.get(pk=sid), raw)
        return sid
    if parsed.voids is not None:
        _void(statement, parsed.voids)
    else:
        _process(statement, system)
    return sid


def _same_or_conflict(existing: Statement, raw: dict) -> None:
    if canonical(existing.raw) != canonical(raw):
        raise Conflict({"id": [f"A different statement with id {existing.id} is already stored; statement ids cannot be reused."]})


def _void(statement: Statement, target_id: uuid.UUID) -> None:
    target = Statement.objects.select_for_update().filter(pk=target_id).first()
    if target is None or target.verb_id == statement.verb_id:
        statement.note = "It voids a statement Talentloop does not hold." if target is None else "A voiding statement cannot be voided."
        statement.save(update_fields=["note"])
        return
    # The learning record the target made stays: learning has no way to take a result back (see docs/xapi.md).
    Statement.objects.filter(pk=target.pk).update(voided=True)
    statement.outcome = Outcome.PROCESSED
    statement.save(update_fields=["outcome"])


def _process(statement: Statement, system: SourceSystem) -> None:
    """Turn the statement into a learning record if it can, else record why not."""
    outcome, note = _apply(statement, f"xapi:{system.name}")
    statement.outcome, statement.note = outcome, note[:300]
    statement.save(update_fields=["outcome", "note"])


def learning_outcome(verb_id: str, success: bool | None) -> str | None:
    """The learning outcome a verb gives, or None for verbs Talentloop ignores. A completion that reports
    `success: false` is a failure: the person finished but did not meet the item's bar."""
    outcome = VERB_OUTCOMES.get(verb_id)
    if outcome == "completed" and success is False:
        return "failed"
    return outcome


def _apply(statement: Statement, source: str) -> tuple[str, str]:
    outcome = learning_outcome(statement.verb_id, statement.success)
    if outcome is None:
        return Outcome.IGNORED_VERB, ""
    employee, why = _person(statement)
    if employee is None:
        return Outcome.UNKNOWN_PERSON, why
    item = learning.item_for_activity(statement.activity_id) if statement.activity_id else None
    if item is None:
        what = statement.activity_id or f"a {statement.raw.get('object', {}).get('objectType', 'non-activity')} object"
        return Outcome.UNKNOWN_ACTIVITY, f"No catalog item has the activity id {what}."
    if outcome == "progressed":
        percent = _progress_percent(statement)
        if percent is not None:
            learning.record_progress(employee, item, percent, source=source, at=statement.timestamp)
            return Outcome.PROCESSED, ""
    learning.record_result(employee, item, outcome, score=statement.score_scaled, at=statement.timestamp, source=source)
    return Outcome.PROCESSED, ""


def _progress_percent(statement: Statement) -> int | None:
    extensions = (statement.raw.get("result") or {}).get("extensions") or {}
    progress = extensions.get(CMI5_PROGRESS)
    if isinstance(progress, int | float) and not isinstance(progress, bool) and 0 <= progress <= 100:
        return int(progress)
    if statement.score_scaled is not None:
        return round(statement.score_scaled * 100)
    return None


def _person(statement: Statement) -> tuple[Employee | None, str]:
    if statement.actor_mbox:
        email = statement.actor_mbox.removeprefix("mailto:")
        people = list(Employee.objects.select_related("user").filter(user__email__iexact=email)[:2])
        what = f"the email {email}"
    elif statement.actor_account_name:
        people = list(Employee.objects.select_related("user").filter(user__username=statement.actor_account_name)[:2])
        what = f"the user name {statement.actor_account_name}"
    else:
        return None, "The actor has no mbox or account (an mbox_sha1sum, openid or group cannot be matched to a person)."
    if not people:
        return None, f"No employee has {what}."
    if len(people) > 1:
        return None, f"More than one employee has {what}."
    return people[0], ""


# --- the unmatched statements ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reprocessed:
    processed: int
    still_unmatched: int


def reprocess(p: Personas, statement_ids: list[uuid.UUID] | None = None) -> Reprocessed:
    """Match the unmatched statements again (all, or the ones named), after the catalog or people were fixed.
    Each statement is its own transaction, so one failing leaves the others done."""
    if not can_manage_xapi(p):
        raise Forbidden("Only L&OD and talent admins may reprocess xAPI statements.")
    pending = Statement.objects.filter(outcome__in=UNMATCHED, voided=False)
    if statement_ids is not None:
        pending = pending.filter(pk__in=statement_ids)
    processed = still = 0
    for sid in list(pending.order_by("stored", "id").values_list("id", flat=True)):
        with transaction.atomic():
            statement = Statement.objects.select_for_update().select_related("source").filter(
                pk=sid, outcome__in=UNMATCHED, voided=False).first()
            if statement is None:  # someone else reprocessed it meanwhile
                continue
            _process(statement, statement.source)
        if statement.outcome == Outcome.PROCESSED:
            processed += 1
        else:
            still += 1
    log.info("xapi reprocess by %s: %d processed, %d still unmatched", p.user, processed, still)
    return Reprocessed(processed, still)


# --- reading --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementQuery:
    verb: str = ""
    activity: str = ""
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    limit: int = 100
    ascending: bool = False
    offset: int = 0
    agent_mbox: str = ""
    agent_account: str = ""


def statement_for(system: SourceSystem, statement_id: uuid.UUID, *, voided: bool) -> Statement | None:
    """One statement the system sent: a live one, or with voided=True one that was voided (as xAPI asks)."""
    return Statement.objects.filter(pk=statement_id, source=system, voided=voided).first()


def statements_for(system: SourceSystem, query: StatementQuery) -> tuple[list[Statement], bool]:
    """A page of the system's live statements, newest stored first; and whether more follow."""
    qs = Statement.objects.filter(source=system, voided=False)
    if query.verb:
        qs = qs.filter(verb_id=query.verb)
    if query.activity:
        qs = qs.filter(activity_id=query.activity)
    if query.agent_mbox:
        qs = qs.filter(actor_mbox=query.agent_mbox)
    if query.agent_account:
        qs = qs.filter(actor_account_name=query.agent_account)
    if query.since:
        qs = qs.filter(stored__gt=query.since)
    if query.until:
        qs = qs.filter(stored__lte=query.until)
    qs = qs.order_by(*(("stored", "id") if query.ascending else ("-stored", "id")))
    rows = list(qs[query.offset : query.offset + query.limit + 1])
    return rows[: query.limit], len(rows) > query.limit


def unmatched_statements():  # -> QuerySet[Statement]
    return Statement.objects.filter(outcome__in=UNMATCHED, voided=False).select_related("source").order_by("-stored", "id")


def as_xapi(statement: Statement) -> dict:
    """The statement as an LRS returns it: as sent, with the properties the LRS sets."""
    out = dict(statement.raw)
    out["id"] = str(statement.id)
    out.setdefault("timestamp", _iso(statement.timestamp))
    out["stored"] = _iso(statement.stored)
    out["authority"] = {"objectType": "Agent", "name": statement.source.name,
                        "account": {"homePage": f"{settings.SITE_URL}/xapi/", "name": statement.source.key}}
    out.setdefault("version", "2.0.0" if statement.version.startswith("2") else "1.0.0")
    return out


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
