"""Fairness: the bias audit of the fairness app, shown as analytics tables (not computed again here)."""

from __future__ import annotations

import datetime as dt

import pytest

from talentloop.analytics.tests.builders import journey, opportunity, set_min_group
from talentloop.fairness.models import Demographic
from talentloop.fairness.services import run_audit


@pytest.fixture
def selections(org):
    set_min_group(1)
    Demographic.objects.create(employee=org.employee, sex="female", race_ethnicity="asian")
    Demographic.objects.create(employee=org.colleague, sex="male", race_ethnicity="asian")
    gig = opportunity(org.owner, "gig", "2025-02-01", seats=2)
    journey(gig, org.employee, ("applied", "2025-03-01"), ("offered", "2025-03-05"))
    journey(gig, org.colleague, ("applied", "2025-03-02"))


def test_it_shows_the_audits_own_figures(metric, org, selections):
    result = metric("fairness", start="2025-01-01", end="2025-12-31")
    sex = {r["group"]: r for r in result.table("selections").rows if r["dimension"] == "Sex"}
    # Ada (female) applied and was offered: 1 of 1 = 100%, the reference. Carl (male) applied, no offer: 0%, impact
    # ratio 0 / 1 = 0, below four-fifths.
    assert sex["Female"] | {"p_value": None} == {"dimension": "Sex", "group": "Female", "people": 1, "rate": 100.0, "impact_ratio": 1.0,
                                                 "below_four_fifths": False, "p_value": None, "reference": True}
    assert (sex["Male"]["rate"], sex["Male"]["impact_ratio"], sex["Male"]["below_four_fifths"]) == (0.0, 0.0, True)
    # The same numbers as the audit itself.
    report = run_audit(org.personas(org.talent_admin), start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), min_group=1)
    female = next(g for g in report.stage("selections").figures.dimension("sex").groups if g.label == "Female")
    assert sex["Female"]["rate"] == round(100 * female.rate, 1)


def test_it_uses_the_analytics_minimum_group(metric, org, selections):
    set_min_group(2)
    result = metric("fairness", start="2025-01-01", end="2025-12-31")
    rows = {(r["dimension"], r["group"]): r for r in result.table("selections").rows}
    # One woman and one man: both hidden; two Asian people: shown.
    assert rows["Sex", "Female"]["people"] is None and rows["Sex", "Male"]["people"] is None
    assert rows["Race/ethnicity", "Asian"]["people"] == 2
