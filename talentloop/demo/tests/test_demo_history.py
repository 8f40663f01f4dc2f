"""The demo's two years of history: a steady flow through the marketplace, moves, leavers, learning put to use and the
candidate lists the bias audit reads, all consistent with the rules the product enforces."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.db.models import Min, Q

from talentloop.demo import generator
from talentloop.demo.generator import AS_OF, build_demo
from talentloop.fairness.models import RecommendationExposure
from talentloop.learning.models import LearningItemSkill, LearningRecord
from talentloop.marketplace.models import ApplicationStatusChange, Completion, OpportunitySkill
from talentloop.people.models import Employee, RoleChange
from talentloop.roles.models import RoleSkill

pytestmark = pytest.mark.django_db

TWO_YEARS_AGO = AS_OF - timedelta(days=730)


def by_month(dates) -> Counter:
    counted: Counter = Counter()
    for d in dates:
        counted[(d.year, d.month)] += 1
    return counted


def test_applications_fills_and_completions_flow_over_the_two_years():
    build_demo(500, seed=1)

    made = ApplicationStatusChange.objects.filter(to_status__in=["applied", "invited"], event="", from_status="")
    applications = by_month(c.at.date() for c in made if c.at.date() > TWO_YEARS_AGO)
    assert len(applications) >= 20  # nearly every month of the two years
    assert max(applications.values()) <= 0.15 * sum(applications.values())  # no month dominates
    fills = by_month(ApplicationStatusChange.objects.filter(to_status="accepted").values_list("at__date", flat=True))
    assert len(fills) >= 18
    completions = Completion.objects.filter(completed_at__isnull=False)
    assert len(by_month(completions.values_list("completed_at__date", flat=True))) >= 15
    # Both sides confirmed, with hours, on every type that completes.
    done = completions.values_list("application__opportunity__type", flat=True)
    assert set(done) == {"gig", "project", "mentorship", "job_shadowing", "freelance"}
    assert not completions.filter(Q(hours__isnull=True) | Q(owner_confirmed_at__isnull=True) | Q(participant_confirmed_at__isnull=True)).exists()
    # Some offers needing a release were declined by the line manager, after the offer.
    declined = ApplicationStatusChange.objects.filter(to_status="declined", actor_role="line_manager")
    assert declined.exists()
    for change in declined:
        offered = ApplicationStatusChange.objects.get(application=change.application_id, to_status="offered", event="")
        assert offered.at < change.at


def test_some_take_a_permanent_role_in_a_team_they_worked_for_and_some_learned_first():
    build_demo(500, seed=1, opportunities=300)  # enough engagements in each department to lead to a role there

    taken = ApplicationStatusChange.objects.filter(to_status="active", application__opportunity__type="permanent_role")
    converted = 0
    for change in taken.select_related("application__opportunity"):
        role = change.application.opportunity
        converted += ApplicationStatusChange.objects.filter(
            to_status="completed", at__lt=role.published_at, application__applicant=change.application.applicant_id,
            application__opportunity__department=role.department_id,
            application__opportunity__type__in=["gig", "project", "freelance"]).exists()
    assert converted >= 1

    # Learners who took a seat asking for a skill they had just learned (within 90 days).
    applied = 0
    for record in LearningRecord.objects.filter(status__in=["completed", "passed"]).select_related("item"):
        skills = LearningItemSkill.objects.filter(item=record.item_id).values_list("skill_id", flat=True)
        applied += ApplicationStatusChange.objects.filter(
            to_status="accepted", application__applicant=record.employee_id, at__gt=record.completed_at,
            at__lte=record.completed_at + timedelta(days=90),
            application__opportunity__in=OpportunitySkill.objects.filter(skill_id__in=list(skills)).values("opportunity"),
        ).exists()
    assert applied >= 10
    # Moves into roles prepared for with learning on the role's skills in the year before.
    prepared = 0
    for move in RoleChange.objects.filter(to_role__isnull=False):
        prepared += LearningRecord.objects.filter(
            employee=move.employee_id, status__in=["completed", "passed"], completed_at__lt=move.recorded_at,
            completed_at__gte=move.recorded_at - timedelta(days=365),
            item__taught_skills__skill_id__in=RoleSkill.objects.filter(role=move.to_role_id).values("skill_id")).exists()
    assert prepared >= 5


def test_participants_leave_too_and_managers_have_wider_teams():
    build_demo(500, seed=1)

    leavers = Employee.objects.filter(leave_date__gt=TWO_YEARS_AGO)
    took_a_seat = leavers.filter(applications__changes__to_status="accepted").distinct()
    assert took_a_seat.exists() and took_a_seat.count() < leavers.count()
    for leaver in took_a_seat:
        last = ApplicationStatusChange.objects.filter(application__applicant=leaver).latest("at")
        assert last.at.date() <= leaver.leave_date
    spans = Counter(Employee.objects.filter(manager__isnull=False).values_list("manager_id", flat=True))
    assert sum(1 for n in spans.values() if n >= 10) >= 0.3 * len(spans)


def test_it_records_the_candidate_lists_owners_were_shown(monkeypatch):
    monkeypatch.setattr(generator, "RECORD_CANDIDATE_LISTS", True)
    build_demo(500, seed=1)

    exposures = RecommendationExposure.objects.select_related("opportunity", "employee")
    assert exposures.exists()
    lists: dict = {}
    for e in exposures:
        lists.setdefault((e.opportunity_id, e.shown_at), []).append(e.rank)
        assert e.opportunity.published_at <= e.shown_at and e.employee_id != e.opportunity.owner_id
        assert e.employee.hire_date < e.shown_at.date() and (e.employee.leave_date is None or e.employee.leave_date >= e.shown_at.date())
    for ranks in lists.values():
        assert sorted(ranks) == list(range(1, len(ranks) + 1)) and len(ranks) <= 10
    first = exposures.aggregate(Min("shown_at"))["shown_at__min"]
    assert first.date() < AS_OF - timedelta(days=365)  # over the history, not only today
