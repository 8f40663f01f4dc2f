"""Learning to earning: learned skills applied within 90 days, moves after learning the role's skills, credentials."""

from __future__ import annotations

import datetime as dt

import pytest

from talentloop.analytics.tests.builders import (
    by_label,
    credential,
    item,
    journey,
    opportunity,
    record,
    set_min_group,
)
from talentloop.people.models import RoleChange
from talentloop.skills.models import Skill
from talentloop.testing import factories as f


@pytest.fixture
def learning(org):
    set_min_group(1)
    dept = org.owner.department
    fin1, fin2 = f.EmployeeFactory(department=dept), f.EmployeeFactory(department=dept)
    python, excel, negotiation = Skill.objects.get(slug="python"), f.SkillFactory(label="Excel"), f.SkillFactory(label="Negotiation")
    l1, l2, l3 = item("Python 1", python), item("Excel 1", excel), item("Code of conduct", compliance=True)
    gig = opportunity(org.owner, "gig", "2025-01-05", seats=5)
    f.OpportunitySkillFactory(opportunity=gig, skill=python)  # the gig asks for Python
    # Ada: Python on 02-01, a seat on the Python gig on 04-01 (59 days later): applied.
    record(org.employee, l1, completed="2025-02-01")
    journey(gig, org.employee, ("applied", "2025-03-20"), ("offered", "2025-03-25"), ("accepted", "2025-04-01"))
    # Carl: Python on 01-10, the seat on 05-01 (111 days later): too late.
    record(org.colleague, l1, status="passed", completed="2025-01-10")
    journey(gig, org.colleague, ("applied", "2025-04-20"), ("offered", "2025-04-25"), ("accepted", "2025-05-01"))
    # fin1: Excel on 03-01, a seat on the gig on 03-20: the gig does not ask for Excel.
    record(fin1, l2, completed="2025-03-01")
    journey(gig, fin1, ("applied", "2025-03-05"), ("offered", "2025-03-10"), ("accepted", "2025-03-20"))
    # fin2: compliance training teaching no skill: not a learner. Olga: still in progress: not a learner.
    record(fin2, l3, completed="2025-02-01")
    record(org.owner, l1, status="in_progress")
    # Maria: Python in 2024 (before the period), Excel on 06-01 (a learner; applied nothing).
    record(org.manager, l2, completed="2025-06-01")
    role, other = f.RoleFactory(), f.RoleFactory()
    f.RoleSkillFactory(role=role, skill=python)
    f.RoleSkillFactory(role=other, skill=negotiation)

    def move(person, to_role, day):
        RoleChange.objects.create(employee=person, effective_on=dt.date.fromisoformat(day), from_job_title="A",
                                  to_job_title="B", to_role=to_role)

    move(org.employee, role, "2025-05-01")  # after Python (02-01): prepared
    move(org.colleague, role, "2025-03-01")  # after Python (01-10): prepared
    move(fin1, other, "2025-06-01")  # learned Excel; the role asks for negotiation
    move(org.owner, role, "2025-02-01")  # learned nothing
    move(org.manager, None, "2025-04-01")  # no role recorded: not counted
    credential(org.employee, python, "2025-02-10")
    credential(org.colleague, python, "2025-02-20")
    credential(org.employee, excel, "2025-03-05")
    credential(org.colleague, excel, "2024-12-20")  # before the period


def test_it_follows_learners_into_seats_and_moves(metric, learning):
    result = metric("learning-to-earning", start="2025-01-01", end="2025-06-30")
    table = by_label(result, "learning_to_earning")
    # Learners: Ada, Carl, fin1, Maria = 4; applied within 90 days: Ada = 1: 25.0%.
    assert table["Learners who applied a learned skill within 90 days"] == {
        "measure": "Learners who applied a learned skill within 90 days", "base": 4, "counted": 1, "share": 25.0}
    # Moved into a role: Ada, Carl, fin1, Olga = 4; after learning one of its skills: Ada, Carl = 2: 50.0%.
    assert table["People who moved into a role after learning its skills"] == {
        "measure": "People who moved into a role after learning its skills", "base": 4, "counted": 2, "share": 50.0}


def test_credentials_are_counted_in_the_month_issued(metric, learning):
    months = by_label(metric("learning-to-earning", start="2025-01-01", end="2025-06-30"), "credentials")
    # February: Ada and Carl (2 credentials, 2 people); March: Ada's second (1, 1); the December 2024 one is out.
    assert months[dt.date(2025, 2, 1)] == {"month": dt.date(2025, 2, 1), "issued": 2, "people": 2}
    assert months[dt.date(2025, 3, 1)] == {"month": dt.date(2025, 3, 1), "issued": 1, "people": 1}
    assert sum(row["issued"] for row in months.values()) == 3


def test_a_type_the_skill_is_not_applied_in_counts_no_application(metric, learning):
    table = by_label(metric("learning-to-earning", start="2025-01-01", end="2025-06-30", type="mentorship"), "learning_to_earning")
    assert table["Learners who applied a learned skill within 90 days"]["counted"] == 0
