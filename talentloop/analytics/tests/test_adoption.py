"""Adoption: profiles completed, aspirations, opt-in by department; monthly active people."""

from __future__ import annotations

import datetime as dt

import pytest

from talentloop.analytics.tests.builders import (
    at,
    by_label,
    item,
    journey,
    opportunity,
    record,
    set_min_group,
)
from talentloop.learning.models import LearningRecordEvent
from talentloop.marketplace.models import ApplicationStatusChange
from talentloop.people.models import Aspiration, SkillEvidence
from talentloop.testing import factories as f


@pytest.fixture
def people(org):
    set_min_group(1)  # no suppression: the arithmetic shows
    finance = org.owner.department
    engineering = org.employee.department
    fin1 = f.EmployeeFactory(department=finance, open_to_opportunities=True)
    fin2 = f.EmployeeFactory(department=finance)
    leaver = f.EmployeeFactory(department=engineering, leave_date=dt.date(2025, 6, 30))
    f.EmployeeFactory(department=engineering, hire_date=dt.date(2026, 1, 10))  # hired after the period
    # Ada: three skills and a summary (complete); Maria: three skills, no summary (not complete).
    for skill in (f.SkillFactory(), f.SkillFactory()):
        f.EmployeeSkillFactory(employee=org.employee, skill=skill)
    org.employee.summary = "Builds data pipelines."
    org.employee.save()
    for _ in range(3):
        f.EmployeeSkillFactory(employee=org.manager)
    Aspiration.objects.create(employee=org.employee).target_roles.add(f.RoleFactory())
    Aspiration.objects.create(employee=org.colleague)  # nothing in it: no aspiration
    return fin1, fin2, leaver


def test_profiles_by_department_count_the_people_employed_on_the_last_day(metric, org, people):
    result = metric("adoption", start="2025-01-01", end="2025-12-31")
    table = by_label(result, "profiles")
    # Engineering on 2025-12-31: Maria, Ada, Carl (the leaver left in June, the new hire comes in 2026) = 3.
    # Completed: Ada only (3 skills + summary) = 1/3 = 33.3%; aspirations: Ada (Carl's is empty) = 33.3%;
    # open to opportunities: Ada = 33.3%.
    assert table["Engineering"] == {
        "department": "Engineering", "headcount": 3, "completed": 1, "completed_pct": 33.3,
        "aspirations": 1, "aspirations_pct": 33.3, "opted_in": 1, "opted_in_pct": 33.3,
    }
    # Finance: Olga, fin1, fin2 = 3; nobody complete or aspiring; fin1 opted in = 1/3.
    assert table["Finance"] == {
        "department": "Finance", "headcount": 3, "completed": 0, "completed_pct": 0.0,
        "aspirations": 0, "aspirations_pct": 0.0, "opted_in": 1, "opted_in_pct": 33.3,
    }
    # All: 6 people; completed 1/6 = 16.7%; aspirations 1/6 = 16.7%; opted in 2/6 = 33.3%.
    assert table["All departments"] == {
        "department": "All departments", "headcount": 6, "completed": 1, "completed_pct": 16.7,
        "aspirations": 1, "aspirations_pct": 16.7, "opted_in": 2, "opted_in_pct": 33.3,
    }
    assert result.table("profiles").suppressed == []


def test_monthly_active_people_are_the_distinct_people_who_did_something_each_month(metric, org, people):

    app = journey(org.gig, org.employee, ("applied", "2024-12-20"))
    # January: Ada withdraws an application herself and makes learning progress (one person).
    ApplicationStatusChange.objects.create(application=app, from_status="applied", to_status="withdrawn",
                                           actor=org.employee.user, actor_role="applicant", at=at("2025-01-10"))
    rec = record(org.employee, item("Python basics"), status="in_progress")
    LearningRecordEvent.objects.create(record=rec, outcome="progressed", status="in_progress", at=at("2025-01-20"), source="ui")
    # February: Carl records evidence, Olga creates an opportunity, Ada progresses again (three people).
    es = f.EmployeeSkillFactory(employee=org.colleague)
    SkillEvidence.objects.create(employee_skill=es, source="self_declared", proficiency=2, observed_on=dt.date(2025, 2, 5),
                                 recorded_by=org.colleague.user, created_at=at("2025-02-05"))
    mine = opportunity(org.owner, published=None)
    type(mine).objects.filter(pk=mine.pk).update(created_at=at("2025-02-10"))
    LearningRecordEvent.objects.create(record=rec, outcome="progressed", status="in_progress", at=at("2025-02-15"), source="ui")
    # March: nobody. Things the system did (actor None) do not count.
    ApplicationStatusChange.objects.create(application=app, from_status="withdrawn", to_status="withdrawn",
                                           actor=None, actor_role="system", at=at("2025-03-01"))

    result = metric("adoption", start="2025-01-01", end="2025-03-31")
    months = by_label(result, "monthly_active")
    # Employed in each month: Maria, Ada, Carl, Olga, fin1, fin2 and the leaver (left in June) = 7.
    assert months[dt.date(2025, 1, 1)] == {"month": dt.date(2025, 1, 1), "headcount": 7, "active": 1, "active_pct": 14.3}  # 1/7
    assert months[dt.date(2025, 2, 1)] == {"month": dt.date(2025, 2, 1), "headcount": 7, "active": 3, "active_pct": 42.9}  # 3/7
    assert months[dt.date(2025, 3, 1)] == {"month": dt.date(2025, 3, 1), "headcount": 7, "active": 0, "active_pct": 0.0}

    finance = metric("adoption", start="2025-01-01", end="2025-03-31", department="finance")
    # Finance only: Olga in February, of Olga, fin1 and fin2: 1/3 = 33.3%.
    assert by_label(finance, "monthly_active")[dt.date(2025, 2, 1)]["active_pct"] == 33.3
