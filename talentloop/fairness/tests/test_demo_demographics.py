"""The demo organisation carries synthetic, optional demographic data (some unknown), so the audit shows real figures."""

from __future__ import annotations

from datetime import date

import pytest

from talentloop.accounts.personas import Personas
from talentloop.demo.generator import AS_OF, build_demo
from talentloop.fairness.audit import SEX
from talentloop.fairness.models import Demographic, RecommendationExposure
from talentloop.fairness.services import INVITATIONS, SELECTIONS, run_audit
from talentloop.marketplace.models import Opportunity
from talentloop.people.models import Employee
from talentloop.testing import factories as f

pytestmark = pytest.mark.django_db

N = 200


def demographics() -> list[tuple[str, str, str]]:
    return sorted(Demographic.objects.values_list("employee__user__username", "sex", "race_ethnicity"))


def test_it_gives_the_demo_plausible_demographics_with_unknowns_the_same_for_a_seed():
    summary = build_demo(N, seed=3)
    first = demographics()

    employees = Employee.objects.count()
    unknown_sex = employees - Demographic.objects.exclude(sex="").count()
    unknown_race = employees - Demographic.objects.exclude(race_ethnicity="").count()
    assert summary.demographics == Demographic.objects.count() < employees  # some never answered
    assert 0.03 < unknown_sex / employees < 0.14  # about 8%
    assert 0.06 < unknown_race / employees < 0.20  # about 12%
    assert 0.35 < Demographic.objects.filter(sex="female").count() / employees < 0.6
    assert Demographic.objects.filter(race_ethnicity="white").count() < employees / 1.4
    assert Demographic.objects.values("race_ethnicity").distinct().count() >= 5

    build_demo(N, seed=3, replace=True)
    assert demographics() == first
    build_demo(N, seed=4, replace=True)
    assert demographics() != first


def test_replacing_the_demo_deletes_demographics_and_exposures():
    build_demo(60, seed=1)
    opportunity = Opportunity.objects.first()
    RecommendationExposure.objects.create(opportunity=opportunity, employee=Employee.objects.first(), rank=1)
    old_employees = set(Employee.objects.values_list("public_id", flat=True))

    summary = build_demo(60, seed=2, replace=True)

    # The new demo records its own candidate lists; none of the old organisation's is left.
    assert not RecommendationExposure.objects.filter(employee__public_id__in=old_employees).exists()
    assert not old_employees & set(Employee.objects.values_list("public_id", flat=True))
    assert Demographic.objects.count() == summary.demographics
    assert not old_employees & set(Demographic.objects.values_list("employee__public_id", flat=True))


def test_the_audit_of_the_demos_last_year_shows_real_figures_for_invitations_and_selections():
    build_demo(N, seed=1)
    admin = Personas(f.UserFactory(username="root", is_superuser=True))

    report = run_audit(admin, start=date(AS_OF.year - 1, AS_OF.month, AS_OF.day + 1), end=AS_OF, min_group=5)

    for stage in (INVITATIONS, SELECTIONS):
        figures = report.stage(stage).figures
        assert figures.population > 0, stage
        shown = [g for g in figures.dimension(SEX).groups if not g.suppressed]
        assert shown and any(g.selected for g in shown), stage
        assert figures.dimension(SEX).unknown > 0, stage
