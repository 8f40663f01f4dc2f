"""A declined applicant sees a kind, useful message: the skills asked beyond what they hold, and the ways inside
the organisation to grow each one (mentors who offer it, stretch work that grows it)."""

from __future__ import annotations

from talentloop.marketplace import services
from talentloop.marketplace.advice import decline_advice, decline_advice_text
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.notifications.models import Notification
from talentloop.testing import factories as f


def test_it_names_each_gap_with_the_ways_to_close_it(org):
    sql = org.gig.skill_needs.get(skill__slug="sql").skill
    mentor = f.OpportunityFactory(owner=org.manager, type="mentorship", mentorship_direction="mentor_offers", title="SQL clinic")
    f.OpportunitySkillFactory(opportunity=mentor, skill=sql, need="growth")
    stretch = f.OpportunityFactory(owner=org.colleague, title="Clean the sales data")
    f.OpportunitySkillFactory(opportunity=stretch, skill=sql, need="growth")
    closed = f.OpportunityFactory(owner=org.colleague, title="Old one", status="closed")
    f.OpportunitySkillFactory(opportunity=closed, skill=sql, need="growth")
    a = services.apply(org.personas(org.employee), org.gig).application
    a = services.move_application(org.personas(org.owner), a, S.DECLINED, "We need more SQL")
    [gap] = decline_advice(a)  # Python 4 meets the 3 asked; SQL is missing
    assert (gap.label, gap.asked, gap.held) == ("SQL", 2, None)
    assert [o.title for o in gap.mentors] == ["SQL clinic"]
    assert [o.title for o in gap.stretches] == ["Clean the sales data"]
    note = Notification.objects.get(recipient=org.employee.user, title__startswith="News on your application")
    assert "We need more SQL" in note.body and "SQL: asked 2 · working, you have not on your profile" in note.body
    assert "SQL clinic" in note.body
    page = org.client(org.employee).get("/applications/").text
    assert "Not this time." in page and "SQL clinic" in page and "Clean the sales data" in page


def test_with_no_gap_it_says_it_was_a_close_call(org):
    sql = org.gig.skill_needs.get(skill__slug="sql").skill
    f.EmployeeSkillFactory(employee=org.employee, skill=sql, proficiency=3)
    a = f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=S.DECLINED, decision_reason="Filled")
    assert decline_advice(a) == []
    assert "close call" in decline_advice_text(a)
