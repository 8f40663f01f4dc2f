"""The bias audit as services: record who was shown in candidate lists, and run the audit over a period.

The database counts (one grouped query per stage: people by sex, race/ethnicity and outcome); audit.py does the
arithmetic. Demographic data is read here and nowhere else in the product.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import numpy as np
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.errors import Forbidden, InvalidInput
from talentloop.fairness import audit
from talentloop.fairness.models import VIEW_BIAS_AUDIT, RecommendationExposure
from talentloop.marketplace.lifecycle import HOLDS_SEAT, ApplicationStatus
from talentloop.marketplace.models import Application, ApplicationStatusChange
from talentloop.people.models import Employee

MAX_PERIOD_YEARS = 3
DEFAULT_K = 10
MAX_K = 100
MAX_MIN_GROUP = 1000
RECORDED_K = 10  # how many of each served list record_exposure keeps unless told otherwise

RECOMMENDATIONS = "recommendations"
INVITATIONS = "invitations"
SELECTIONS = "selections"
STAGES = {
    RECOMMENDATIONS: (
        "Recommendations",
        "Among people employed in the period and open to opportunities: shown in the top {k} of any candidate list.",
    ),
    INVITATIONS: (
        "Invitations",
        "Among people employed in the period and open to opportunities: invited to apply to any opportunity.",
    ),
    SELECTIONS: (
        "Selections",
        "Among people who applied or were invited in the period: offered a seat on one of those opportunities "
        "(offered, or any later step) in the period.",
    ),
}


def can_view_bias_audit(p: Personas) -> bool:
    return bool(p.user.is_authenticated and p.user.is_active and p.user.has_perm(VIEW_BIAS_AUDIT))


def record_exposure(opportunity_id: int, employee_ids_in_rank_order: list[int], k: int = RECORDED_K) -> None:
    """Record that the first `k` of a candidate list were shown for an opportunity, now (rank 1 = top).

    The matching service calls this whenever it serves candidates; the recommendations stage of the audit counts
    these rows. Ids must be of existing rows: it is called with the ids the list was built from.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    now = timezone.now()
    RecommendationExposure.objects.bulk_create([
        RecommendationExposure(opportunity_id=opportunity_id, employee_id=employee_id, rank=rank, shown_at=now)
        for rank, employee_id in enumerate(employee_ids_in_rank_order[:k], start=1)
    ])


@dataclass(frozen=True)
class StageReport:
    stage: str
    label: str
    description: str
    figures: audit.StageFigures


@dataclass(frozen=True)
class AuditReport:
    start: date
    end: date
    k: int
    min_group: int
    stages: tuple[StageReport, ...]

    def stage(self, name: str) -> StageReport:
        return next(s for s in self.stages if s.stage == name)


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last twelve months, ending today."""
    end = today or timezone.localdate()
    return _years_before(end, 1) + timedelta(days=1), end


def run_audit(p: Personas, *, start: date, end: date, k: int = DEFAULT_K, min_group: int = audit.DEFAULT_MIN_GROUP) -> AuditReport:
    """The bias audit of recommendations, invitations and selections over [start, end] (whole days, local time)."""
    if not can_view_bias_audit(p):
        raise Forbidden("The bias audit is open only to admins with the permission to view it.")
    _validate(start=start, end=end, k=k, min_group=min_group)
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))

    employed = Employee.objects.filter(Q(leave_date__isnull=True) | Q(leave_date__gte=start), hire_date__lte=end)
    changes = ApplicationStatusChange.objects.filter(at__gte=since, at__lt=until)

    shown = RecommendationExposure.objects.filter(employee=OuterRef("pk"), rank__lte=k, shown_at__gte=since, shown_at__lt=until)
    invited = changes.filter(application__applicant=OuterRef("pk"), to_status=ApplicationStatus.INVITED)
    # An application counts for selections when it was made (applied or invited) in the period; it is a selection
    # when that same application reached a seat in the period.
    entered = changes.filter(application=OuterRef("pk"), to_status__in=[ApplicationStatus.APPLIED, ApplicationStatus.INVITED])
    seated = changes.filter(application=OuterRef("pk"), to_status__in=sorted(HOLDS_SEAT))
    considered = Application.objects.filter(Exists(entered), applicant=OuterRef("pk"))

    # Opt-in is today's setting (its history is not kept): someone shown or invited in the period was open then,
    # so they count whatever they chose since.
    counted = {
        RECOMMENDATIONS: _tally(employed.filter(Q(open_to_opportunities=True) | Exists(shown)), Exists(shown)),
        INVITATIONS: _tally(employed.filter(Q(open_to_opportunities=True) | Exists(invited)), Exists(invited)),
        SELECTIONS: _tally(employed.filter(Exists(considered)), Exists(considered.filter(Exists(seated)))),
    }
    stages = []
    for name, (label, description) in STAGES.items():
        sex, race, selected = counted[name]
        stages.append(StageReport(
            stage=name, label=label, description=description.format(k=k),
            figures=audit.audit_selection(sex, race, selected, min_group=min_group),
        ))
    return AuditReport(start=start, end=end, k=k, min_group=min_group, stages=tuple(stages))


def _tally(population: QuerySet, selected: Exists) -> tuple[list, list, np.ndarray]:
    """One grouped query: how many people of each (sex, race/ethnicity, selected); expanded to one entry per person
    for audit.py (at 100,000 people that is a few arrays of 100,000)."""
    rows = list(
        population.annotate(is_selected=selected)
        .values("demographic__sex", "demographic__race_ethnicity", "is_selected")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = [row["n"] for row in rows]
    sex = np.repeat(np.array([row["demographic__sex"] or "" for row in rows], dtype=object), counts).tolist()
    race = np.repeat(np.array([row["demographic__race_ethnicity"] or "" for row in rows], dtype=object), counts).tolist()
    selected = np.repeat(np.array([bool(row["is_selected"]) for row in rows], dtype=bool), counts)
    return sex, race, selected


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _validate(*, start: date, end: date, k: int, min_group: int) -> None:
    errors: dict[str, list[str]] = {}
    if start > end:
        errors["end"] = ["The end of the period must not be before its start."]
    elif start < _years_before(end, MAX_PERIOD_YEARS):
        errors["start"] = [f"The period may be at most {MAX_PERIOD_YEARS} years long."]
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        errors["k"] = [f"Must be a whole number from 1 to {MAX_K}."]
    if isinstance(min_group, bool) or not isinstance(min_group, int) or not 1 <= min_group <= MAX_MIN_GROUP:
        errors["min_group"] = [f"Must be a whole number from 1 to {MAX_MIN_GROUP}."]
    if errors:
        raise InvalidInput(errors)
