"""Whether a person meets an achievement's criteria, from plain rows: no Django, tested without a database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Criteria:
    achievement_id: int
    skill_id: int
    level: int
    evidence_sources: frozenset[str]


@dataclass(frozen=True)
class Evidence:
    skill_id: int
    source: str
    proficiency: int
    verified: bool


def is_met(criteria: Criteria, evidence: Iterable[Evidence]) -> bool:
    """Met by one piece of verified evidence on the skill, at or above the level, from an allowed source.

    Unverified evidence (self-declared, peer endorsement, a plain course completion, inferred) never counts,
    whatever the achievement lists: a credential is a claim the organisation signs."""
    return any(
        e.verified and e.skill_id == criteria.skill_id and e.proficiency >= criteria.level
        and e.source in criteria.evidence_sources
        for e in evidence
    )


def newly_met(all_criteria: Iterable[Criteria], evidence: Iterable[Evidence], held: set[int]) -> list[int]:
    """Ids of the achievements met and not already held (held = achievements with a live credential)."""
    rows = list(evidence)
    return [c.achievement_id for c in all_criteria if c.achievement_id not in held and is_met(c, rows)]
