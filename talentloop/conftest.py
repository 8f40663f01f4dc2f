"""Named personas for every test: an employee, her line manager, an opportunity owner, the two admins,
and an outsider (signed in, no employee profile) who must see nothing private."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from talentloop.accounts.personas import LOD_ADMIN_GROUP, TALENT_ADMIN_GROUP, Personas
from talentloop.people.models import Employee
from talentloop.testing import factories as f


@dataclass
class Org:
    employee: Employee  # Ada: has skills, open to opportunities
    manager: Employee  # Ada's line manager
    owner: Employee  # owns an open gig in another department
    colleague: Employee  # someone in Ada's team who has not opted in
    lod_admin: object  # User
    talent_admin: object  # User
    outsider: object  # User with no employee profile
    gig: object  # Opportunity owned by `owner`

    def personas(self, who) -> Personas:
        user = who.user if isinstance(who, Employee) else who
        return Personas(user)

    def client(self, who) -> Client:
        user = who.user if isinstance(who, Employee) else who
        c = Client()
        c.force_login(user)
        return c


@pytest.fixture(autouse=True)
def _fresh_matching_index():
    """Each test has its own database state; the process's matching and skills indexes must not outlive it."""
    from talentloop.matching.services import reset_index
    from talentloop.skills.intelligence import forget_index

    reset_index()
    forget_index()
    yield
    reset_index()
    forget_index()


@pytest.fixture
def org(db) -> Org:
    engineering = f.DepartmentFactory(slug="engineering", name="Engineering")
    finance = f.DepartmentFactory(slug="finance", name="Finance")
    manager = f.EmployeeFactory(user__username="maria", user__first_name="Maria", user__last_name="Manager",
                                department=engineering, job_title="Engineering manager")
    employee = f.EmployeeFactory(user__username="ada", user__first_name="Ada", user__last_name="Lovelace",
                                 department=engineering, manager=manager, job_title="Software engineer",
                                 open_to_opportunities=True, weekly_hours_available=8)
    colleague = f.EmployeeFactory(user__username="carl", user__first_name="Carl", user__last_name="Colleague",
                                  department=engineering, manager=manager)
    owner = f.EmployeeFactory(user__username="olga", user__first_name="Olga", user__last_name="Owner",
                              department=finance, job_title="Finance lead")
    python = f.SkillFactory(slug="python", label="Python")
    sql = f.SkillFactory(slug="sql", label="SQL")
    f.EmployeeSkillFactory(employee=employee, skill=python, proficiency=4)
    gig = f.OpportunityFactory(owner=owner, title="Automate the month-end report", department=finance)
    f.OpportunitySkillFactory(opportunity=gig, skill=python, level=3)
    f.OpportunitySkillFactory(opportunity=gig, skill=sql, level=2, need="nice_to_have")
    lod_admin = f.UserFactory(username="lena", first_name="Lena", last_name="Learning")
    lod_admin.groups.add(Group.objects.get_or_create(name=LOD_ADMIN_GROUP)[0])
    talent_admin = f.UserFactory(username="tom", first_name="Tom", last_name="Talent")
    talent_admin.groups.add(Group.objects.get_or_create(name=TALENT_ADMIN_GROUP)[0])
    outsider = f.UserFactory(username="oscar", first_name="Oscar", last_name="Outsider")
    return Org(employee, manager, owner, colleague, lod_admin, talent_admin, outsider, gig)
