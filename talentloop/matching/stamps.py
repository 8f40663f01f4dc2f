"""Write change stamps inside the caller's transaction: a rolled-back write leaves no stamp."""

from __future__ import annotations

from collections.abc import Iterable

from talentloop.matching.models import MatchingChange


def _stamp(kind: str, ids: Iterable[int | None]) -> None:
    MatchingChange.objects.bulk_create(MatchingChange(kind=kind, object_id=i) for i in sorted({i for i in ids if i is not None}))


def people_changed(*employee_ids: int) -> None:
    _stamp(MatchingChange.Kind.PERSON, employee_ids)


def opportunities_changed(*opportunity_ids: int) -> None:
    _stamp(MatchingChange.Kind.OPPORTUNITY, opportunity_ids)


def taxonomy_changed() -> None:
    MatchingChange.objects.create(kind=MatchingChange.Kind.TAXONOMY)


def everything_changed() -> None:
    MatchingChange.objects.create(kind=MatchingChange.Kind.REBUILD)
