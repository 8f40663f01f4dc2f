"""axe-core (the accessibility engine from the npm registry, installed by `npm ci`) checks every main page of
each persona in Chromium, on a desktop and on a phone-sized screen. Serious and critical findings fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page

from talentloop.accounts.personas import TALENT_ADMIN_GROUP
from talentloop.marketplace.lifecycle import OpportunityType
from talentloop.notifications.api import notify
from talentloop.notifications.models import Notification
from talentloop.testing import factories as f

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _org():
    engineering = f.DepartmentFactory(slug="engineering", name="Engineering")
    manager = f.EmployeeFactory(user__username="maria", user__first_name="Maria", user__last_name="Manager", department=engineering)
    ada = f.EmployeeFactory(user__username="ada", user__first_name="Ada", user__last_name="Lovelace", department=engineering,
                            manager=manager, open_to_opportunities=True)
    owner = f.EmployeeFactory(user__username="olga", user__first_name="Olga", user__last_name="Owner")
    python = f.SkillFactory(slug="python", label="Python")
    f.EmployeeSkillFactory(employee=ada, skill=python, proficiency=4)
    gig = f.OpportunityFactory(owner=owner, title="Automate the month-end report", type=OpportunityType.GIG)
    f.OpportunitySkillFactory(opportunity=gig, skill=python, level=3)
    f.ApplicationFactory(opportunity=gig, applicant=ada, status="offered")
    # For the matching pages: a second gig with a free seat, someone else who opted in, and a talent admin.
    mentoring = f.OpportunityFactory(owner=owner, title="Mentor a finance graduate", type=OpportunityType.MENTORSHIP, seats=2,
                                     mentorship_direction="mentor_offers", topics=["Careers"])
    f.OpportunitySkillFactory(opportunity=mentoring, skill=python, level=2)
    # An active mentorship (the session form; the owner's completion page) and a declined gig (the advice).
    active = f.ApplicationFactory(opportunity=mentoring, applicant=ada, status="active")
    sql = f.SkillFactory(slug="sql", label="SQL")
    other = f.OpportunityFactory(owner=owner, title="Reconcile the ledgers")
    f.OpportunitySkillFactory(opportunity=other, skill=sql, level=3)
    f.ApplicationFactory(opportunity=other, applicant=ada, status="declined", decision_reason="We need more SQL")
    bea = f.EmployeeFactory(user__username="bea", user__first_name="Bea", user__last_name="Builder", open_to_opportunities=True,
                            weekly_hours_available=8)
    f.EmployeeSkillFactory(employee=bea, skill=python, proficiency=3)
    tom = f.UserFactory(username="tom", first_name="Tom", last_name="Talent")
    tom.groups.add(Group.objects.get_or_create(name=TALENT_ADMIN_GROUP)[0])
    # The inbox with one read and one unread notification.
    notify(ada.user, "application_update", "You are offered a seat", "Olga offered you a seat.", f"/opportunities/{gig.public_id}/")
    notify(ada.user, "digest", "1 new mentorship matches your skills", "Best match:\n- Mentor a finance graduate", "/for-you/")
    Notification.objects.filter(kind="application_update").update(read_at=timezone.now())
    return gig, active, ada


def _violations(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = []
    for v in result["violations"]:
        if v["impact"] in ("serious", "critical"):
            targets = [json.dumps(n["target"]) for n in v["nodes"][:3]]
            found.append(f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(targets)}")
    return found


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_main_pages_have_no_serious_accessibility_problems(live_server, page: Page, screen):
    gig, active, ada = _org()
    page.set_viewport_size(SCREENS[screen])
    problems: dict[str, list[str]] = {}
    page.goto(f"{live_server.url}/login/")
    problems["/login/"] = _violations(page)
    for username, paths in {
        "ada": ["/", "/me/", "/for-you/", "/opportunities/", f"/opportunities/{gig.public_id}/", "/applications/",
                "/notifications/", "/notifications/preferences/", f"/people/{ada.public_id}/"],
        "olga": ["/", "/opportunities/new/", f"/opportunities/{gig.public_id}/applicants/",
                 f"/opportunities/{gig.public_id}/candidates/?q=Python+at+level+2%2C+telepathy",
                 f"/applications/{active.public_id}/complete/"],
        "maria": ["/", "/team/"],
        "tom": ["/", "/staffing/?run=1", "/audit-log/", "/analytics/", "/analytics/adoption/", "/analytics/skills/"],
    }.items():
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(f.PASSWORD)
        page.get_by_label("Password").press("Enter")
        page.wait_for_url(f"{live_server.url}/")
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            problems[f"{username} {path}"] = _violations(page)
    assert {k: v for k, v in problems.items() if v} == {}
