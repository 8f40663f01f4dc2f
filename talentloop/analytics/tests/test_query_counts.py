"""Each metric costs the same number of queries whatever the organisation holds (no N+1, no per-person loop)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from talentloop.analytics.metrics import METRICS
from talentloop.analytics.services import run_metric
from talentloop.analytics.tests.builders import credential, item, journey, opportunity, record, set_min_group
from talentloop.pathways.models import Pathway
from talentloop.people.models import RoleChange, SkillEvidence
from talentloop.testing import factories as f

# The most queries each metric may take (measured, with a little room): permission, settings, the filters' checks
# and a fixed number of aggregate queries (skills and adoption also look for their snapshot).
MAX_QUERIES = {
    "adoption": 8, "marketplace": 26, "retention": 6, "learning-to-earning": 8, "cost": 7, "skills": 14,
    "learning-audit": 11, "managers": 9, "fairness": 11,
}


def grow(org, n: int) -> None:
    """n more of everything the metrics read, in 2025: people with skills, evidence, opportunities, applications
    through to completion, learning, credentials, moves, pathways, managers."""
    role = f.RoleFactory()
    f.RoleSkillFactory(role=role, skill=org.gig.skill_needs.first().skill)
    for i in range(n):
        boss = f.EmployeeFactory(department=org.owner.department)
        person = f.EmployeeFactory(department=org.employee.department, manager=boss, open_to_opportunities=True)
        es = f.EmployeeSkillFactory(employee=person, verified=True)
        SkillEvidence.objects.create(employee_skill=es, source="assessment", proficiency=3, verified=True,
                                     observed_on=dt.date(2025, 3, 1), recorded_by=person.user)
        gig = opportunity(boss, "gig", "2025-02-01")
        f.OpportunitySkillFactory(opportunity=gig, skill=es.skill)
        journey(gig, person, ("applied", "2025-02-02"), ("offered", "2025-02-03"), ("released", "2025-02-04"),
                ("accepted", "2025-02-05"), ("active", "2025-02-06"), ("completed", "2025-04-01"),
                hours=10 + i, completed="2025-04-01", release_required=True, release_approver=boss)
        record(person, item(f"Course {n}-{i}", es.skill), completed="2025-01-15")
        credential(person, es.skill, "2025-05-01")
        RoleChange.objects.create(employee=person, effective_on=dt.date(2025, 6, 1), from_job_title="A", to_job_title="B", to_role=role)
        Pathway.objects.create(employee=boss, role=role, initial_steps=1)


def queries(org, name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        run_metric(org.personas(org.talent_admin), name, {"start": "2025-01-01", "end": "2025-12-31"})
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", list(METRICS))
def test_the_queries_do_not_grow_with_the_data(org, name, django_assert_max_num_queries):
    set_min_group(1)
    grow(org, 1)
    queries(org, name)  # the first run also caches the admin's permissions
    few = queries(org, name)
    grow(org, 4)
    assert queries(org, name) == few
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        run_metric(org.personas(org.talent_admin), name, {"start": "2025-01-01", "end": "2025-12-31", **(
            {} if name == "fairness" else {"department": "engineering"})})
