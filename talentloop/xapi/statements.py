"""Checks an xAPI statement's structure and reads what Talentloop needs from it. Plain Python, no Django.

`parse_statement` raises StatementError naming the property at fault ("result.score.scaled: ...") for anything
the xAPI 1.0.3 / 2.0 data model forbids that matters here; it does not check every rule of the specification
(language tags, interaction components, attachments' hashes).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

VOIDED = "http://adlnet.gov/expapi/verbs/voided"

STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments"}
SUB_STATEMENT_KEYS = {"objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"}
AGENT_KEYS = {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}
GROUP_KEYS = AGENT_KEYS | {"member"}
IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")
ACTIVITY_KEYS = {"objectType", "id", "definition"}
RESULT_KEYS = {"score", "success", "completion", "response", "duration", "extensions"}
SCORE_KEYS = {"scaled", "raw", "min", "max"}
# Properties of the LRS's own making: ignored when two versions of one statement are compared.
LRS_KEYS = ("stored", "authority", "version")

_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
_DURATION = re.compile(r"^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$")
_VERSION = re.compile(r"^(1\.0(\.[0-3])?|2\.0(\.\d+)?)$")


class StatementError(ValueError):
    """The statement breaks the data model; the message names the property and the reason."""


@dataclass(frozen=True)
class Score:
    scaled: float | None = None
    raw: float | None = None
    min: float | None = None
    max: float | None = None

    def as_fraction(self) -> float | None:
        """The score in [0, 1]: `scaled` when given (a negative one counts as 0), else raw within min..max."""
        if self.scaled is not None:
            return max(0.0, self.scaled)
        if self.raw is not None and self.max is not None:
            low = self.min if self.min is not None else 0.0
            if self.max > low:
                return min(1.0, max(0.0, (self.raw - low) / (self.max - low)))
        return None


@dataclass(frozen=True)
class ParsedStatement:
    id: uuid.UUID | None
    verb_id: str
    actor_mbox: str  # "mailto:..." lower-cased, or ""
    actor_account_home_page: str
    actor_account_name: str
    object_type: str  # Activity, Agent, Group, StatementRef, SubStatement
    object_id: str  # the activity id, or the target statement id of a StatementRef, or ""
    success: bool | None
    completion: bool | None
    score: Score | None
    timestamp: dt.datetime | None

    @property
    def voids(self) -> uuid.UUID | None:
        """The statement this one voids, if it is a voiding statement."""
        if self.verb_id == VOIDED and self.object_type == "StatementRef":
            return uuid.UUID(self.object_id)
        return None


def is_iri(value: str) -> bool:
    return bool(_IRI.match(value or ""))


def is_supported_version(value: str) -> bool:
    return bool(_VERSION.match(value or ""))


def parse_statement(data: Any) -> ParsedStatement:
    if not isinstance(data, dict):
        raise StatementError("statement: must be a JSON object")
    _only(data, STATEMENT_KEYS, "statement")
    statement_id = _uuid(data["id"], "id") if "id" in data else None
    for required in ("actor", "verb", "object"):
        if required not in data:
            raise StatementError(f"{required}: is required")
    actor = _actor(data["actor"], "actor")
    verb_id = _verb(data["verb"])
    object_type, object_id = _object(data["object"], "object", allow_sub_statement=True)
    if verb_id == VOIDED and object_type != "StatementRef":
        raise StatementError("object: a voiding statement's object must be a StatementRef")
    success = completion = None
    score = None
    if "result" in data:
        success, completion, score = _result(data["result"])
    if "context" in data:
        _context(data["context"])
    timestamp = _timestamp(data["timestamp"], "timestamp") if "timestamp" in data else None
    if "version" in data and not (isinstance(data["version"], str) and is_supported_version(data["version"])):
        raise StatementError("version: must be 1.0.0 to 1.0.3 or 2.0.x")
    if "attachments" in data and not isinstance(data["attachments"], list):
        raise StatementError("attachments: must be a list")
    mbox = account_home = account_name = ""
    if actor.get("objectType", "Agent") == "Agent":
        mbox = actor.get("mbox", "").lower()
        account = actor.get("account") or {}
        account_home, account_name = account.get("homePage", ""), account.get("name", "")
    return ParsedStatement(
        id=statement_id, verb_id=verb_id, actor_mbox=mbox, actor_account_home_page=account_home,
        actor_account_name=account_name, object_type=object_type, object_id=object_id, success=success,
        completion=completion, score=score, timestamp=timestamp,
    )


def canonical(data: dict) -> str:
    """The statement as the sender made it, for comparing two sends of one id: the LRS's own properties left out,
    keys sorted, and the timestamp compared as an instant."""
    content = {k: v for k, v in data.items() if k not in LRS_KEYS}
    if isinstance(content.get("timestamp"), str):
        content["timestamp"] = _timestamp(content["timestamp"], "timestamp").astimezone(dt.UTC).isoformat()
    return json.dumps(content, sort_keys=True, separators=(",", ":"))


# --- the parts ----------------------------------------------------------------------------------------------


def _only(data: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise StatementError(f"{where}: unknown {'property' if len(unknown) == 1 else 'properties'} {', '.join(unknown)}")


def _uuid(value: Any, where: str) -> uuid.UUID:
    try:
        if not isinstance(value, str):
            raise ValueError
        return uuid.UUID(value)
    except ValueError:
        raise StatementError(f"{where}: must be a UUID string") from None


def _iri(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _IRI.match(value):
        raise StatementError(f"{where}: must be an absolute IRI (such as https://example.com/...)")
    return value


def _object_of(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise StatementError(f"{where}: must be a JSON object")
    return value


def _language_map(value: Any, where: str) -> None:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise StatementError(f"{where}: must be a language map (an object of language tag to text)")


def _extensions(value: Any, where: str) -> None:
    _object_of(value, where)
    for key in value:
        _iri(key, f"{where} key {key!r}")


def _actor(value: Any, where: str) -> dict:
    agent = _object_of(value, where)
    kind = agent.get("objectType", "Agent")
    if kind == "Agent":
        _only(agent, AGENT_KEYS, where)
        _ifi(agent, where, required=True)
    elif kind == "Group":
        _only(agent, GROUP_KEYS, where)
        has_ifi = _ifi(agent, where, required=False)
        if not has_ifi and not agent.get("member"):
            raise StatementError(f"{where}: an anonymous Group needs a member list")
        if "member" in agent:
            if not isinstance(agent["member"], list):
                raise StatementError(f"{where}.member: must be a list of agents")
            for i, member in enumerate(agent["member"]):
                member = _object_of(member, f"{where}.member[{i}]")
                if member.get("objectType", "Agent") != "Agent":
                    raise StatementError(f"{where}.member[{i}]: a Group's members must be agents")
                _actor(member, f"{where}.member[{i}]")
    else:
        raise StatementError(f"{where}.objectType: must be Agent or Group")
    if "name" in agent and not isinstance(agent["name"], str):
        raise StatementError(f"{where}.name: must be a string")
    return agent


def _ifi(agent: dict, where: str, *, required: bool) -> bool:
    present = [key for key in IFI_KEYS if key in agent]
    if len(present) > 1:
        raise StatementError(f"{where}: must have exactly one identifier (found {', '.join(present)})")
    if not present:
        if required:
            raise StatementError(f"{where}: must have exactly one identifier: mbox, mbox_sha1sum, openid or account")
        return False
    key = present[0]
    value = agent[key]
    if key == "mbox":
        if not isinstance(value, str) or not re.match(r"^mailto:[^@\s]+@[^@\s]+$", value):
            raise StatementError(f"{where}.mbox: must be a mailto: IRI (mailto:name@example.com)")
    elif key == "mbox_sha1sum":
        if not isinstance(value, str) or not re.fullmatch(r"[0-9a-fA-F]{40}", value):
            raise StatementError(f"{where}.mbox_sha1sum: must be a SHA-1 hex digest")
    elif key == "openid":
        _iri(value, f"{where}.openid")
    else:
        account = _object_of(value, f"{where}.account")
        _only(account, {"homePage", "name"}, f"{where}.account")
        if "homePage" not in account or "name" not in account:
            raise StatementError(f"{where}.account: needs homePage and name")
        _iri(account["homePage"], f"{where}.account.homePage")
        if not isinstance(account["name"], str) or not account["name"]:
            raise StatementError(f"{where}.account.name: must be a non-empty string")
    return True


def _verb(value: Any) -> str:
    verb = _object_of(value, "verb")
    _only(verb, {"id", "display"}, "verb")
    if "id" not in verb:
        raise StatementError("verb.id: is required")
    if "display" in verb:
        _language_map(verb["display"], "verb.display")
    return _iri(verb["id"], "verb.id")


def _object(value: Any, where: str, *, allow_sub_statement: bool) -> tuple[str, str]:
    obj = _object_of(value, where)
    kind = obj.get("objectType", "Activity")
    if kind == "Activity":
        _only(obj, ACTIVITY_KEYS, where)
        if "id" not in obj:
            raise StatementError(f"{where}.id: is required for an activity")
        if "definition" in obj:
            definition = _object_of(obj["definition"], f"{where}.definition")
            for key in ("name", "description"):
                if key in definition:
                    _language_map(definition[key], f"{where}.definition.{key}")
            if "extensions" in definition:
                _extensions(definition["extensions"], f"{where}.definition.extensions")
        return kind, _iri(obj["id"], f"{where}.id")
    if kind in ("Agent", "Group"):
        _actor(obj, where)
        return kind, ""
    if kind == "StatementRef":
        _only(obj, {"objectType", "id"}, where)
        return kind, str(_uuid(obj.get("id"), f"{where}.id"))
    if kind == "SubStatement" and allow_sub_statement:
        _only(obj, SUB_STATEMENT_KEYS, where)
        for required in ("actor", "verb", "object"):
            if required not in obj:
                raise StatementError(f"{where}.{required}: is required")
        _actor(obj["actor"], f"{where}.actor")
        _object_of(obj["verb"], f"{where}.verb")
        _iri(obj["verb"].get("id"), f"{where}.verb.id")
        _object(obj["object"], f"{where}.object", allow_sub_statement=False)
        return kind, ""
    raise StatementError(f"{where}.objectType: {kind!r} is not allowed here")


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StatementError(f"{where}: must be a number")
    return float(value)


def _result(value: Any) -> tuple[bool | None, bool | None, Score | None]:
    result = _object_of(value, "result")
    _only(result, RESULT_KEYS, "result")
    for key in ("success", "completion"):
        if key in result and not isinstance(result[key], bool):
            raise StatementError(f"result.{key}: must be true or false")
    if "response" in result and not isinstance(result["response"], str):
        raise StatementError("result.response: must be a string")
    if "duration" in result and not (isinstance(result["duration"], str) and _DURATION.match(result["duration"])):
        raise StatementError("result.duration: must be an ISO 8601 duration (such as PT1H30M)")
    if "extensions" in result:
        _extensions(result["extensions"], "result.extensions")
    score = None
    if "score" in result:
        raw_score = _object_of(result["score"], "result.score")
        _only(raw_score, SCORE_KEYS, "result.score")
        numbers = {key: _number(raw_score[key], f"result.score.{key}") for key in SCORE_KEYS if key in raw_score}
        score = Score(**numbers)
        if score.scaled is not None and not -1 <= score.scaled <= 1:
            raise StatementError("result.score.scaled: must be between -1 and 1")
        if score.min is not None and score.max is not None and score.min >= score.max:
            raise StatementError("result.score.min: must be less than max")
        if score.raw is not None and score.min is not None and score.raw < score.min:
            raise StatementError("result.score.raw: must not be less than min")
        if score.raw is not None and score.max is not None and score.raw > score.max:
            raise StatementError("result.score.raw: must not be more than max")
    return result.get("success"), result.get("completion"), score


def _context(value: Any) -> None:
    context = _object_of(value, "context")
    if "registration" in context:
        _uuid(context["registration"], "context.registration")
    if "extensions" in context:
        _extensions(context["extensions"], "context.extensions")


def _timestamp(value: Any, where: str) -> dt.datetime:
    if not isinstance(value, str) or "T" not in value:
        raise StatementError(f"{where}: must be an ISO 8601 date and time string (such as 2026-11-26T09:30:00Z)")
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise StatementError(f"{where}: {value!r} is not an ISO 8601 date and time") from None
    if parsed.tzinfo is None:
        # xAPI 1.0.3 only recommends a time zone; without one the time is read as UTC.
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed
