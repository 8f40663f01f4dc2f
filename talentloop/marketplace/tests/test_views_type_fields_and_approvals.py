"""The post form carries each type's own fields; managers and talent admins find what waits on them."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from talentloop.marketplace import services, timers
from talentloop.marketplace.lifecycle import ApplicationStatus as S
from talentloop.marketplace.models import Opportunity
from talentloop.testing import factories as f


def _form(**extra):
    return {
        "title": "Learn to present", "description": "Monthly.", "department": "finance", "hours_per_week": "1", "seats": "3",
        "work_mode": "remote", "action": "publish", "needs-TOTAL_FORMS": "1", "needs-INITIAL_FORMS": "0",
        "needs-0-skill": "SQL", "needs-0-need": "growth", "needs-0-level": "3", **extra,
    }


def test_a_mentor_posts_an_offer_with_topics_from_the_form(org):
    response = org.client(org.owner).post("/opportunities/new/", _form(
        type="mentorship", mentorship_direction="mentor_offers", topics="SQL for finance, careers", reverse_mentoring="on",
    ))
    assert response.status_code == 302
    opp = Opportunity.objects.get(title="Learn to present")
    assert (opp.status, opp.topics, opp.reverse_mentoring, opp.seats) == ("open", ["SQL for finance", "careers"], True, 3)
    page = org.client(org.employee).get(f"/opportunities/{opp.public_id}/").text
    assert "SQL for finance, careers" in page and "reverse mentoring" in page and "Mentees" in page


def test_the_form_names_the_missing_type_field(org):
    response = org.client(org.owner).post("/opportunities/new/", _form(type="job_shadowing"))
    assert response.status_code == 400
    assert "Job shadowing is short: give the hours in all" in response.text
    assert not Opportunity.objects.filter(title="Learn to present").exists()


def test_the_managers_home_lists_what_waits_for_her_approval_and_release(org):
    org.owner.manager = org.manager
    org.owner.save()
    big = f.OpportunityFactory(owner=org.owner, title="Quarter-long migration", type="project", hours_per_week=20, status="draft")
    f.OpportunitySkillFactory(opportunity=big)
    services.change_opportunity_status(org.personas(org.owner), big, "open")
    a = services.apply(org.personas(org.employee), org.gig).application
    services.move_application(org.personas(org.owner), a, S.OFFERED)
    home = org.client(org.manager).get("/").text
    assert "Waiting for your approval to publish" in home and "Quarter-long migration" in home
    assert "is offered" in home and "Automate the month-end report" in home


def test_releases_nobody_else_can_decide_wait_on_the_talent_admins_home(org):
    org.employee.manager = None
    org.employee.save()
    a = services.apply(org.personas(org.employee), org.gig).application
    services.move_application(org.personas(org.owner), a, S.OFFERED)
    home = org.client(org.talent_admin).get("/").text
    assert "Releases waiting on the talent admins" in home and "Ada Lovelace" in home
    assert "Ada Lovelace" not in org.client(org.outsider).get("/").text


def test_the_team_page_says_a_release_was_escalated(org):
    director = f.EmployeeFactory(department=org.manager.department)
    org.manager.manager = director
    org.manager.save()
    a = services.apply(org.personas(org.employee), org.gig).application
    services.move_application(org.personas(org.owner), a, S.OFFERED)
    timers.run(timezone.now() + dt.timedelta(days=6))
    page = org.client(director).get("/team/").text
    assert "Escalated to you on" in page and "Maria Manager did not answer in time" in page
