"""An opportunity's own status history (who, when, from, to, why) for the people involved: its owner, the owner's
line manager who approves publication, and talent admins. Opportunity status changes only, never applications."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from talentloop.marketplace import services
from talentloop.marketplace.audit import opportunity_history
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.marketplace.lifecycle import OpportunityStatus
from talentloop.testing import factories as f
from talentloop.testing import journeys


@pytest.fixture
def project(org):
    """Olga, who reports to Maria, asks 20 hours a week: Maria approves, Olga later closes it with a reason."""
    org.owner.manager = org.manager
    org.owner.save()
    python = org.gig.skill_needs.get(skill__slug="python").skill
    project = journeys.draft(org.owner, python, type="project", title="Budget dashboard", hours_per_week=20)
    services.change_opportunity_status(org.personas(org.owner), project, OpportunityStatus.OPEN)
    services.change_opportunity_status(org.personas(org.manager), project, OpportunityStatus.OPEN)
    application = services.apply(org.personas(org.employee), project).application
    services.move_application(org.personas(org.owner), application, S.DECLINED, "Not this time")
    services.change_opportunity_status(org.personas(org.owner), project, OpportunityStatus.CLOSED, "Staffed from finance")
    return project


def _history(org, who, project):
    return org.client(who).get(f"/api/v1/opportunities/{project.public_id}/history/")


@pytest.mark.parametrize("who", ["owner", "manager", "talent_admin"])
def test_the_people_involved_read_it_oldest_first(org, project, who):
    response = _history(org, getattr(org, who), project)
    assert response.status_code == 200
    rows = [(r["from_status"], r["to_status"], r["actor"], r["actor_role"], r["reason"]) for r in response.json()["results"]]
    assert rows == [
        ("draft", "pending_approval", "Olga Owner", "owner",
         "20 hours a week is above the 10 that can be published without approval"),
        ("pending_approval", "open", "Maria Manager", "approver", ""),
        ("open", "closed", "Olga Owner", "owner", "Staffed from finance"),
    ]
    assert "Not this time" not in response.text  # application changes are not part of it


def test_an_employee_who_sees_the_opportunity_is_refused_its_history(org, project):
    assert _history(org, org.employee, project).status_code == 403
    assert opportunity_history(org.personas(org.employee), project) is None


@pytest.mark.parametrize("who", ["outsider", "lod_admin"])
def test_the_outsider_does_not_find_it(org, project, who):
    assert _history(org, getattr(org, who), project).status_code == 404


def test_a_draft_stays_hidden_from_everyone_else(org):
    draft = f.OpportunityFactory(owner=org.owner, status=OpportunityStatus.DRAFT)
    assert _history(org, org.employee, draft).status_code == 404


def test_the_include_lists_the_changes_with_who_and_why(org, project):
    changes = opportunity_history(org.personas(org.owner), project)
    html = render_to_string("marketplace/_opportunity_history.html", {"opportunity_changes": changes})
    assert "Status history" in html
    assert "by Maria Manager" in html and "(approver)" in html
    assert "“Staffed from finance”" in html and "was open" in html
    assert render_to_string("marketplace/_opportunity_history.html", {"opportunity_changes": None}).strip() == ""
