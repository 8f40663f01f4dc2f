"""Personas are derived from data: reports make a line manager, groups make admins."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from talentloop.accounts.personas import Personas


def test_each_persona_is_recognised(org):
    assert org.personas(org.employee).names() == ["employee", "opportunity owner"]
    assert "line manager" in org.personas(org.manager).names()
    assert org.personas(org.lod_admin).names() == ["L&OD admin"]
    assert org.personas(org.talent_admin).names() == ["talent admin"]


def test_the_outsider_and_anonymous_hold_no_persona(org):
    assert org.personas(org.outsider).names() == []
    assert Personas(AnonymousUser()).names() == []


def test_a_manager_whose_reports_all_left_is_no_longer_a_line_manager(org):
    org.manager.reports.update(leave_date=org.employee.hire_date)
    assert not org.personas(org.manager).is_line_manager


def test_an_employee_not_allowed_to_post_is_no_owner(org):
    org.colleague.can_post_opportunities = False
    org.colleague.save()
    assert not org.personas(org.colleague).is_opportunity_owner
    assert org.personas(org.owner).is_opportunity_owner


def test_a_superuser_is_both_admins(org):
    org.outsider.is_superuser = True
    assert {"L&OD admin", "talent admin"} <= set(Personas(org.outsider).names())
