"""Demographic data never enters scoring: shuffling it leaves every ranking identical (a property test)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from talentloop.fairness.models import Demographic
from talentloop.matching import services as matching
from talentloop.testing import factories as f

SEXES = [c for c, _ in Demographic._meta.get_field("sex").choices] + [""]
RACES = [c for c, _ in Demographic._meta.get_field("race_ethnicity").choices] + [""]


@pytest.fixture
def small_org(org):
    skills = [f.SkillFactory(slug=f"s{i}", label=f"S{i}") for i in range(4)]
    people = [org.employee]
    for i in range(6):
        person = f.EmployeeFactory(open_to_opportunities=True, weekly_hours_available=4 + i)
        for j, skill in enumerate(skills[: 1 + i % 4]):
            f.EmployeeSkillFactory(employee=person, skill=skill, proficiency=1 + (i + j) % 5)
        people.append(person)
    for i in range(4):
        o = f.OpportunityFactory(owner=org.owner, hours_per_week=2)
        f.OpportunitySkillFactory(opportunity=o, skill=skills[i], level=1 + i)
    return org, people


def rankings(org, people):
    feeds = {p.pk: [i.opportunity.pk for i in matching.feed(org.personas(p))[0]] for p in people}
    cands = [
        [(c.employee.pk, c.match.score) for c in matching.candidates(org.personas(org.owner), o)]
        for o in org.owner.owned_opportunities.all().order_by("pk")
    ]
    return feeds, cands


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_shuffling_demographic_fields_leaves_every_ranking_identical(small_org, data):
    org, people = small_org
    matching.reset_index()
    before = rankings(org, people)
    Demographic.objects.filter(employee__in=people).delete()
    for p in people:
        Demographic.objects.create(employee=p, sex=data.draw(st.sampled_from(SEXES)), race_ethnicity=data.draw(st.sampled_from(RACES)))
    matching.reset_index()
    # Exposure recorded while ranking above is part of the diversification, not of the demographics: start equal.
    after = rankings(org, people)
    assert after[0] == before[0]
    assert [[pid for pid, _ in c] for c in after[1]] == [[pid for pid, _ in c] for c in before[1]]
