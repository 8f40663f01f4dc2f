"""Publishing a gig, project or freelancing above the organisation's hours threshold waits for the owner's line
manager (or a talent admin): approve publishes it, send back returns it to draft with a reason."""

from __future__ import annotations

import pytest

from talentloop.errors import Conflict, Forbidden, InvalidInput
from talentloop.marketplace import services
from talentloop.marketplace.lifecycle import OpportunityStatus as O
from talentloop.marketplace.models import OpportunityStatusChange
from talentloop.notifications.models import Notification
from talentloop.testing import factories as f


@pytest.fixture
def big(org):
    """Olga (managed by Maria's peer Bob) drafts a 16 h/week project; the threshold is 10."""
    boss = f.EmployeeFactory(user__first_name="Bob", user__last_name="Boss", department=org.owner.department)
    org.owner.manager = boss
    org.owner.save()
    opp = f.OpportunityFactory(owner=org.owner, type="project", hours_per_week=16, status=O.DRAFT, published_at=None)
    f.OpportunitySkillFactory(opportunity=opp)
    return opp, boss


def test_publishing_above_the_threshold_asks_the_owners_manager(org, big):
    opp, boss = big
    opp = services.change_opportunity_status(org.personas(org.owner), opp, "open")
    assert opp.status == O.PENDING_APPROVAL and opp.published_at is None
    note = Notification.objects.get(recipient=boss.user, kind="approval_requested")
    assert "16 hours a week" in note.body
    # Invisible to employees until approved, visible to the approver.
    assert not services.Opportunity.objects.filter(pk=opp.pk, status=O.OPEN).exists()
    from talentloop.marketplace.access import visible_opportunities

    assert opp in visible_opportunities(org.personas(boss))
    assert opp not in visible_opportunities(org.personas(org.employee))


def test_the_approver_approves_and_it_is_published_with_the_hours_it_was_approved_for(org, big):
    opp, boss = big
    services.change_opportunity_status(org.personas(org.owner), opp, "open")
    with pytest.raises(Forbidden):
        services.change_opportunity_status(org.personas(org.owner), opp, "open")  # the owner cannot approve themself
    opp = services.change_opportunity_status(org.personas(boss), opp, "open")
    assert (opp.status, opp.approved_hours_per_week) == (O.OPEN, 16)
    assert Notification.objects.filter(recipient=org.owner.user, kind="opportunity_approved").exists()
    history = list(OpportunityStatusChange.objects.filter(opportunity=opp).values_list("from_status", "to_status", "actor_role"))
    assert history == [("draft", "pending_approval", "owner"), ("pending_approval", "open", "approver")]
    # Closed and reopened at the same hours: no second approval.
    services.change_opportunity_status(org.personas(org.owner), opp, "closed")
    assert services.change_opportunity_status(org.personas(org.owner), opp, "open").status == O.OPEN


def test_sending_back_needs_a_reason_the_owner_sees(org, big):
    opp, boss = big
    services.change_opportunity_status(org.personas(org.owner), opp, "open")
    with pytest.raises(InvalidInput) as caught:
        services.change_opportunity_status(org.personas(boss), opp, "draft")
    assert "reason" in caught.value.errors
    opp = services.change_opportunity_status(org.personas(boss), opp, "draft", "Twelve hours at most this quarter")
    assert opp.status == O.DRAFT
    note = Notification.objects.get(recipient=org.owner.user, kind="opportunity_rejected")
    assert "Twelve hours at most" in note.body


def test_at_or_below_the_threshold_and_for_other_types_it_publishes_at_once(org):
    small = f.OpportunityFactory(owner=org.owner, type="gig", hours_per_week=10, status=O.DRAFT)
    f.OpportunitySkillFactory(opportunity=small)
    role = f.OpportunityFactory(owner=org.owner, type="permanent_role", hours_per_week=40, status=O.DRAFT)
    f.OpportunitySkillFactory(opportunity=role)
    assert services.change_opportunity_status(org.personas(org.owner), small, "open").status == O.OPEN
    assert services.change_opportunity_status(org.personas(org.owner), role, "open").status == O.OPEN


def test_raising_the_hours_of_an_open_opportunity_above_what_was_approved_is_refused(org):
    opp = org.gig  # 4 hours a week, open
    with pytest.raises(Conflict) as caught:
        services.update_opportunity(org.personas(org.owner), opp, {"hours_per_week": 20})
    assert "hours_per_week" in caught.value.errors


def test_nobody_else_can_approve(org, big):
    opp, _ = big
    services.change_opportunity_status(org.personas(org.owner), opp, "open")
    for who in (org.employee, org.manager, org.outsider):
        with pytest.raises(Forbidden):
            services.change_opportunity_status(org.personas(who), opp, "open")
    assert services.change_opportunity_status(org.personas(org.talent_admin), opp, "open").status == O.OPEN


def test_the_owner_can_withdraw_the_request(org, big):
    opp, _ = big
    services.change_opportunity_status(org.personas(org.owner), opp, "open")
    assert services.change_opportunity_status(org.personas(org.owner), opp, "draft").status == O.DRAFT


def test_the_pages_show_the_approver_the_buttons_and_the_owner_the_wait(org, big):
    opp, boss = big
    url = f"/opportunities/{opp.public_id}/"
    owner_page = org.client(org.owner)
    assert "Ask for approval to publish" in owner_page.get(url).text
    owner_page.post(url + "status/", {"to": "open"})
    assert "Waiting for approval" in owner_page.get(url).text
    page = org.client(boss).get(url).text
    assert "Approve and publish" in page and "Send back to the owner" in page
    response = org.client(boss).post(url + "status/", {"to": "open"})
    assert response.status_code == 302
    opp.refresh_from_db()
    assert opp.status == O.OPEN
    assert org.client(org.outsider).get(url).status_code == 404


def test_cancelling_ends_the_waiting_applications_and_tells_the_applicants(org):
    from talentloop.marketplace.lifecycle import ApplicationStatus as S

    a = services.apply(org.personas(org.employee), org.gig).application
    services.change_opportunity_status(org.personas(org.owner), org.gig, "cancelled")
    a.refresh_from_db()
    assert a.status == S.EXPIRED
    assert a.changes.last().reason == "the opportunity was cancelled"
    assert Notification.objects.filter(recipient=org.employee.user, title__contains="expired").exists()


def test_an_opportunity_with_people_at_work_cannot_be_cancelled(org):
    from talentloop.marketplace.lifecycle import ApplicationStatus as S

    f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=S.ACTIVE)
    with pytest.raises(Conflict) as caught:
        services.change_opportunity_status(org.personas(org.owner), org.gig, "cancelled")
    assert caught.value.extra["allowed"] == ["closed"]
    org.gig.refresh_from_db()
    assert org.gig.status == O.OPEN
