"""The matching service: keeps one in-memory index per process current and answers feeds, candidate lists and
"why this match" with explanations in the vocabulary of the product (skill labels, evidence).

Real time without rebuilds: every write that can change a ranking stamps a `MatchingChange` row in its own
transaction (see stamps.py). Before answering, the index replays the stamps it has not seen (one indexed query
when nothing changed) and updates only the people and opportunities they name. Every worker process does the
same, so all of them agree after their next request.
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Max, QuerySet
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.errors import Forbidden
from talentloop.marketplace.access import can_edit_opportunity
from talentloop.marketplace.filters import search_opportunities
from talentloop.marketplace.models import Opportunity
from talentloop.matching import loader
from talentloop.matching.engine import CandidateQuery, Explanation, Filters, Match, MatchIndex, SkillMatch
from talentloop.matching.models import MatchingChange
from talentloop.people.models import Department, Employee, Location, SkillEvidence
from talentloop.skills.models import Skill, SkillAlias


class LiveIndex:
    """One process's index and the last change stamp it has applied."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self.index: MatchIndex | None = None
        self.last = 0
        self.built_s = 0.0

    def build(self) -> MatchIndex:
        started = time.perf_counter()
        last = MatchingChange.objects.aggregate(m=Max("id"))["m"] or 0  # read first: later stamps get replayed
        ix = MatchIndex(related=loader.related_triples())
        people, _ = loader.people()
        for rec in people:
            ix.upsert_person(rec)
        for rec in loader.opportunities():
            ix.upsert_opportunity(rec)
        self.index, self.last, self.built_s = ix, last, time.perf_counter() - started
        return ix

    def sync(self) -> MatchIndex:
        """Apply the stamps not seen yet, updating only the people and opportunities they name."""
        ix = self.index
        if ix is None:
            return self.build()
        changes = list(MatchingChange.objects.filter(id__gt=self.last).values_list("id", "kind", "object_id"))
        if not changes:
            return ix
        kinds: dict[str, set[int]] = defaultdict(set)
        for _, kind, object_id in changes:
            kinds[kind].add(object_id)
        if MatchingChange.Kind.REBUILD in kinds:
            return self.build()
        if MatchingChange.Kind.TAXONOMY in kinds:
            ix.set_related(loader.related_triples())
        if kinds[MatchingChange.Kind.PERSON]:
            records, gone = loader.people(sorted(kinds[MatchingChange.Kind.PERSON]))
            for rec in records:
                ix.upsert_person(rec)
            for person_id in gone:
                ix.remove_person(person_id)
        if kinds[MatchingChange.Kind.OPPORTUNITY]:
            ids = sorted(kinds[MatchingChange.Kind.OPPORTUNITY])
            records = loader.opportunities(ids)
            for rec in records:
                ix.upsert_opportunity(rec)
            for opportunity_id in set(ids) - {r.id for r in records}:
                ix.remove_opportunity(opportunity_id)
        self.last = changes[-1][0]
        return ix

    @contextmanager
    def current(self) -> Iterator[MatchIndex]:
        """The index, up to date with every stamp, held under the lock while the caller reads it."""
        with self._lock:
            yield self.sync()

    def reset(self) -> None:
        with self._lock:
            self.index, self.last = None, 0


_live = LiveIndex()


def current_index():
    return _live.current()


def reset_index() -> None:
    """Forget this process's index (tests, a database swap); the next request builds it again."""
    _live.reset()


def index_stats() -> dict[str, float]:
    ix = _live.index
    if ix is None:
        return {}
    return {"people": ix.people, "opportunities": ix.opportunities, "bytes": ix.nbytes(), "built_s": _live.built_s}


# --- explanations in the product's words -------------------------------------------------------------------


@dataclass(frozen=True)
class SkillLine:
    skill: str
    need: str
    asked: int
    held: int | None
    verified: bool
    credit: float
    via: str | None
    via_level: int | None
    via_weight: float | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class ExplainedMatch:
    score: float
    components: dict[str, float]
    weights: dict[str, float]
    matched: list[SkillLine]
    partial: list[SkillLine]
    missing: list[SkillLine]
    growth: list[str]
    preference_hits: list[str]

    def as_dict(self) -> dict:
        def lines(items):
            return [
                {"skill": s.skill, "need": s.need, "asked": s.asked, "held": s.held, "verified": s.verified,
                 "credit": s.credit, "via": s.via, "via_level": s.via_level, "via_weight": s.via_weight,
                 "evidence": list(s.evidence)}
                for s in items
            ]

        return {
            "score": self.score, "components": self.components, "weights": self.weights,
            "matched": lines(self.matched), "partial": lines(self.partial), "missing": lines(self.missing),
            "growth": self.growth, "preference_hits": self.preference_hits,
        }


def _labels(matches: list[Match]) -> dict[int, str]:
    ids: set[int] = set()
    for m in matches:
        e = m.explanation
        for item in (*e.matched, *e.partial, *e.missing):
            ids.add(item.skill_id)
            if item.via_skill_id is not None:
                ids.add(item.via_skill_id)
        ids.update(e.growth_skills)
    return dict(Skill.objects.filter(id__in=ids).values_list("id", "label"))


def _evidence(person_ids: set[int], skill_ids: set[int]) -> dict[tuple[int, int], tuple[str, ...]]:
    """Evidence sources per (person, skill), newest first: what backs each matched skill."""
    out: dict[tuple[int, int], list[str]] = defaultdict(list)
    rows = SkillEvidence.objects.filter(
        employee_skill__employee_id__in=person_ids, employee_skill__skill_id__in=skill_ids
    ).values_list("employee_skill__employee_id", "employee_skill__skill_id", "source")
    labels = dict(SkillEvidence._meta.get_field("source").choices)
    for person, skill, source in rows:
        label = labels.get(source, source)
        if label not in out[(person, skill)]:
            out[(person, skill)].append(label)
    return {k: tuple(v) for k, v in out.items()}


def _explained(matches: list[Match]) -> list[ExplainedMatch]:
    labels = _labels(matches)
    held_ids = {(m.person_id, s.skill_id) for m in matches for s in (*m.explanation.matched, *m.explanation.partial) if s.held}
    evidence = _evidence({p for p, _ in held_ids}, {s for _, s in held_ids}) if held_ids else {}

    def line(m: Match, s: SkillMatch) -> SkillLine:
        return SkillLine(
            labels.get(s.skill_id, "?"), s.kind, s.asked, s.held, s.verified, s.credit,
            labels.get(s.via_skill_id) if s.via_skill_id else None, s.via_level, s.via_weight,
            evidence.get((m.person_id, s.skill_id), ()),
        )

    out = []
    for m in matches:
        e: Explanation = m.explanation
        out.append(ExplainedMatch(
            e.score, e.components, e.weights, [line(m, s) for s in e.matched], [line(m, s) for s in e.partial],
            [line(m, s) for s in e.missing], [labels.get(s, "?") for s in e.growth_skills], e.preference_hits,
        ))
    return out


# --- feed ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    opportunity: Opportunity
    match: ExplainedMatch


def filters_from(params: dict) -> Filters:
    """The browse page's filters (slugs, as in the query string) as engine filters; text search runs in SQL."""
    def many(name):
        value = params.get(name) or []
        return [value] if isinstance(value, str) else list(value)

    def ids(model, name):
        slugs = many(name)
        return frozenset(model.objects.filter(slug__in=slugs).values_list("id", flat=True)) if slugs else frozenset()

    only = None
    q = (params.get("q") or "").strip()
    if q:  # the browse page's text search, so both read a query the same way
        only = frozenset(search_opportunities(Opportunity.objects.filter(status="open"), q).values_list("id", flat=True))
    skills = frozenset(Skill.objects.filter(slug__in=many("skill")).values_list("id", flat=True)) if many("skill") else frozenset()

    def hours(name):
        try:
            return int(params[name]) if params.get(name) not in (None, "") else None
        except (TypeError, ValueError):
            return None

    return Filters(
        types=frozenset(many("type")), department_ids=ids(Department, "department"), location_ids=ids(Location, "location"),
        work_modes=frozenset(many("work_mode")), skill_ids=skills if not many("skill") or skills else frozenset({-1}),
        min_hours=hours("min_hours"), max_hours=hours("max_hours"), only=only,
    )


def feed(
    p: Personas, *, filters: Filters | None = None, k: int = 20, offset: int = 0, queryset: QuerySet[Opportunity] | None = None
) -> tuple[list[FeedItem], int]:
    """The 'for you' feed of the signed-in employee (empty for anyone without a profile), and its total size.

    `queryset` lets a caller fetch the page's opportunities with what it will render (the API's serializer).
    """
    if p.employee is None:
        return [], 0
    today = timezone.localdate().toordinal()
    with current_index() as ix:
        matches = ix.feed(p.employee.pk, k=k, filters=filters, today=today, offset=offset)
        total = ix.feed_size(p.employee.pk, filters=filters, today=today)
    if queryset is None:
        queryset = Opportunity.objects.select_related("department", "location", "owner__user")
    opportunities = queryset.in_bulk([m.opportunity_id for m in matches])
    explained = _explained(matches)
    return [FeedItem(opportunities[m.opportunity_id], e) for m, e in zip(matches, explained, strict=True) if m.opportunity_id in opportunities], total


def feed_ids(p: Personas, k: int = 50) -> list[int]:
    """The ids of the top of the person's feed, without explanations or rows (for whoever only needs which)."""
    if p.employee is None:
        return []
    with current_index() as ix:
        return [m.opportunity_id for m in ix.feed(p.employee.pk, k=k, today=timezone.localdate().toordinal())]


def why(p: Personas, opportunity: Opportunity) -> ExplainedMatch | None:
    """'Why this match' for the signed-in employee and one opportunity they can see."""
    if p.employee is None or opportunity.owner_id == p.employee.pk:
        return None
    with current_index() as ix:
        m = ix.score_pair(p.employee.pk, opportunity.pk, today=timezone.localdate().toordinal())
    return _explained([m])[0] if m is not None else None


# --- candidates ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateItem:
    employee: Employee
    match: ExplainedMatch


_LEVEL = re.compile(r"\b(?:at\s+)?(?:level|lvl|l)\s*([1-5])(?:\s*(?:\+|or more|or above|or higher|and above))?", re.I)
_HOURS = re.compile(r"(\d{1,2})\s*(?:free\s+)?(?:hours?|h)\b(?:\s*(?:a|per|/)\s*week)?", re.I)
_MODES = {"remote": "remote", "hybrid": "hybrid", "on site": "onsite", "onsite": "onsite", "on-site": "onsite"}


@dataclass(frozen=True)
class ParsedQuery:
    query: CandidateQuery
    understood: list[str]
    not_understood: list[str]


def parse_query(text: str) -> ParsedQuery:
    """A free query such as "Kubernetes at level 3 or more, 8 free hours a week, remote", read part by part
    (parts split on commas, semicolons and 'and'); each part names a skill (label or alias) with an optional
    level, a number of free hours, a work mode or a location."""
    skills: list[tuple[int, int]] = []
    understood, not_understood = [], []
    min_hours, mode, location_id = 0, None, None
    for raw in re.split(r"[,;]|\band\b|\bwith\b", text or ""):
        part = raw.strip()
        if not part:
            continue
        lowered = part.lower()
        hours = _HOURS.search(part)
        if hours and not _LEVEL.search(part):
            min_hours = int(hours.group(1))
            understood.append(f"at least {min_hours} free hours a week")
            continue
        if lowered in _MODES:
            mode = _MODES[lowered]
            understood.append(f"works or wants to work {lowered}")
            continue
        location = Location.objects.filter(name__iexact=part.removeprefix("in ").strip()).first()
        if location is not None:
            location_id = location.id
            understood.append(f"based in {location.name}")
            continue
        level_match = _LEVEL.search(part)
        level = int(level_match.group(1)) if level_match else 1
        name = _LEVEL.sub("", part).strip(" .:")
        skill = Skill.objects.filter(label__iexact=name).first() or getattr(
            SkillAlias.objects.select_related("skill").filter(alias__iexact=name).first(), "skill", None
        )
        if skill is None:
            not_understood.append(part)
            continue
        skills.append((skill.id, level))
        understood.append(f"{skill.label} at level {level} or more")
    return ParsedQuery(CandidateQuery(tuple(skills), min_hours, mode, location_id), understood, not_understood)


def candidates(p: Personas, opportunity: Opportunity, *, query: CandidateQuery | None = None, k: int = 50) -> list[CandidateItem]:
    """Hidden talent for an opportunity's owner: people who opted in, ranked and explained from the owner's side.
    The top ten are recorded as exposure for the bias audit and for diversification."""
    if not can_edit_opportunity(p, opportunity):
        raise Forbidden("Only the owner of this opportunity or a talent admin can search candidates for it.")
    with current_index() as ix:
        matches = ix.candidates(opportunity.pk, k=k, query=query, record_exposure=True)
    _record_exposure(opportunity.pk, [m.person_id for m in matches])
    people = Employee.objects.select_related("user", "department", "location").in_bulk([m.person_id for m in matches])
    explained = _explained(matches)
    return [CandidateItem(people[m.person_id], e) for m, e in zip(matches, explained, strict=True) if m.person_id in people]


def _record_exposure(opportunity_id: int, person_ids: list[int]) -> None:
    from talentloop.fairness.services import (
        record_exposure,  # the audit reads exposure; matching never reads the audit
    )

    record_exposure(opportunity_id, person_ids)


# --- many pairs at once: browse cards and the staffing optimiser ---------------------------------------------


def explain_many(p: Personas, opportunities) -> dict[int, ExplainedMatch]:
    """'Why this match' for the signed-in employee and each of a page of opportunities (never their own), keyed
    by opportunity id: one index lock, one labels query and one evidence query for the whole page."""
    if p.employee is None:
        return {}
    ids = [o.pk for o in opportunities if o.owner_id != p.employee.pk]
    if not ids:
        return {}
    today = timezone.localdate().toordinal()
    with current_index() as ix:
        matches = [m for m in (ix.score_pair(p.employee.pk, i, today=today) for i in ids) if m is not None]
    return {m.opportunity_id: e for m, e in zip(matches, explain_matches(matches), strict=True)}


def explain_matches(matches: list[Match]) -> list[ExplainedMatch]:
    """Engine matches in the product's words (skill labels, evidence): two queries for the lot."""
    return _explained(matches) if matches else []


@dataclass(frozen=True)
class CandidatePair:
    opportunity_id: int
    person_id: int
    score: float
    person_hours: int  # the person's free hours a week, as indexed
    person_department_id: int | None
    match: Match


def candidate_pairs(opportunity_ids, per_opportunity: int = 30) -> list[CandidatePair]:
    """The top candidates of each opportunity, straight from the index, for the staffing optimiser. Unlike
    candidates() it checks no viewer and records no exposure: a proposal is not a list shown to an owner."""
    out: list[CandidatePair] = []
    with current_index() as ix:
        for opportunity_id in opportunity_ids:
            for m in ix.candidates(opportunity_id, k=per_opportunity, record_exposure=False):
                rec = ix.person(m.person_id)
                if rec is None:
                    continue
                out.append(CandidatePair(opportunity_id, m.person_id, m.score, rec.weekly_hours, rec.department_id, m))
    return out
