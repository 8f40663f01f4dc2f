"""Paths through the real UI in Chromium, on a phone-sized screen. An employee signs in, adds a skill with the
keyboard through the typeahead, filters opportunities, opens one and applies; an employee opens "For you" and
unfolds "Why this match" with the keyboard; an owner finds candidates with a free query and invites one.
Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityType
from talentloop.marketplace.models import Application
from talentloop.people.models import EmployeeSkill
from talentloop.testing import factories as f

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}


def _build_org():
    engineering = f.DepartmentFactory(slug="engineering", name="Engineering")
    finance = f.DepartmentFactory(slug="finance", name="Finance")
    manager = f.EmployeeFactory(user__username="maria", user__first_name="Maria", user__last_name="Manager", department=engineering)
    ada = f.EmployeeFactory(user__username="ada", user__first_name="Ada", user__last_name="Lovelace", department=engineering,
                            manager=manager, job_title="Software engineer", open_to_opportunities=True)
    owner = f.EmployeeFactory(user__username="olga", user__first_name="Olga", user__last_name="Owner", department=finance)
    python = f.SkillFactory(slug="python", label="Python")
    postgresql = f.SkillFactory(slug="postgresql", label="PostgreSQL")
    f.SkillAliasFactory(skill=postgresql, alias="postgres")
    f.EmployeeSkillFactory(employee=ada, skill=python, proficiency=4)
    gig = f.OpportunityFactory(owner=owner, department=finance, title="Automate the month-end report", type=OpportunityType.GIG)
    f.OpportunitySkillFactory(opportunity=gig, skill=python, level=3)
    f.OpportunitySkillFactory(opportunity=gig, skill=postgresql, level=2, need="nice_to_have")
    mentoring = f.OpportunityFactory(owner=owner, department=finance, title="Mentor a finance graduate",
                                     type=OpportunityType.MENTORSHIP)
    f.OpportunitySkillFactory(opportunity=mentoring, skill=python, level=2)
    return ada, gig


def _fits_the_screen(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{name}: the page is {scroll_width}px wide on a {PHONE['width']}px screen"
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_lets_an_employee_sign_in_add_a_skill_by_keyboard_filter_and_apply(live_server, page: Page):
    ada, gig = _build_org()
    page.set_viewport_size(PHONE)

    # Sign in.
    page.goto(f"{live_server.url}/login/")
    _fits_the_screen(page, "01-sign-in")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="Hello, Ada")).to_be_visible()
    expect(page.get_by_role("heading", name="For you", exact=True)).to_be_visible()
    _fits_the_screen(page, "02-home")

    # My profile: add a skill with the keyboard only. The typeahead offers PostgreSQL for its alias
    # "postgres"; Enter submits, and the server resolves the alias to the skill.
    page.get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    page.get_by_role("link", name="Skills", exact=True).focus()
    page.keyboard.press("Enter")  # in-page link to the skills section
    skill_input = page.locator("#id_skill")
    while not skill_input.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
    page.keyboard.type("postgres", delay=30)
    expect(page.locator('#skill-options option[value="PostgreSQL"]')).to_have_text("also called postgres")
    page.keyboard.press("Tab")  # to the level
    page.keyboard.press("ArrowDown")  # 3 · practitioner -> 4 · advanced
    expect(page.locator("#id_proficiency")).to_have_value("4")
    page.keyboard.press("Tab")
    page.keyboard.type("Ran our reporting database")
    _fits_the_screen(page, "03-profile-adding-a-skill")
    page.keyboard.press("Enter")
    expect(page.get_by_text("PostgreSQL is on your profile at level 4.")).to_be_visible()
    assert EmployeeSkill.objects.get(employee=ada, skill__slug="postgresql").proficiency == 4

    # Browse with a filter: htmx swaps the results and pushes the filtered address.
    page.get_by_role("link", name="Opportunities", exact=True).click()
    expect(page.get_by_role("heading", name="2 opportunities")).to_be_visible()
    _fits_the_screen(page, "04-browse")
    page.get_by_label("gig", exact=True).check()
    expect(page.get_by_role("heading", name="1 opportunity")).to_be_visible()
    expect(page).to_have_url(re.compile(r"type=gig"))
    expect(page.get_by_role("link", name="Mentor a finance graduate")).to_have_count(0)

    # Open the opportunity and apply.
    page.get_by_role("link", name="Automate the month-end report").click()
    expect(page.get_by_role("heading", name="Automate the month-end report")).to_be_visible()
    _fits_the_screen(page, "05-opportunity")
    page.get_by_label("Message to the owner").fill("I automate reports in Python.")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_text("Your application to “Automate the month-end report” is sent.")).to_be_visible()
    expect(page.locator(".badge-applied")).to_be_visible()
    _fits_the_screen(page, "06-applied")
    application = Application.objects.get(applicant=ada, opportunity=gig)
    assert application.status == ApplicationStatus.APPLIED
    assert application.message == "I automate reports in Python."


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(f"{base}/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_lets_an_employee_open_for_you_and_unfold_why_this_match_by_keyboard(live_server, page: Page):
    _build_org()
    page.set_viewport_size(PHONE)
    _sign_in(page, live_server.url, "ada")
    page.get_by_role("link", name="For you", exact=True).click()
    expect(page.get_by_role("heading", name="For you", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="2 opportunities for you")).to_be_visible()
    _fits_the_screen(page, "07-for-you")

    # Tab to the first "Why this match" and unfold it with Enter: the reasons appear.
    first = page.locator("#results details.why summary").first
    while not first.evaluate("el => el === document.activeElement"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    details = page.locator("#results details.why").first
    expect(details).to_have_attribute("open", "")
    expect(details.get_by_text(re.compile(r"Python: asked level [23], you hold 4"))).to_be_visible()
    expect(details.get_by_text(re.compile(r"Skill fit \d\.\d\d, weight 0\.55"))).to_be_visible()
    _fits_the_screen(page, "08-why-this-match")
    page.keyboard.press("Enter")  # and folds again
    expect(details).not_to_have_attribute("open", "")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_lets_an_owner_find_candidates_with_a_free_query_and_invite_one(live_server, page: Page):
    ada, gig = _build_org()
    kubernetes = f.SkillFactory(slug="kubernetes", label="Kubernetes")
    kim = f.EmployeeFactory(user__username="kim", user__first_name="Kim", user__last_name="Kubernetes", job_title="SRE",
                            open_to_opportunities=True, weekly_hours_available=10, work_mode="remote")
    f.EmployeeSkillFactory(employee=kim, skill=kubernetes, proficiency=4)
    f.EmployeeSkillFactory(employee=kim, skill=gig.skills.get(slug="python"), proficiency=3)
    page.set_viewport_size(PHONE)
    _sign_in(page, live_server.url, "olga")

    page.goto(f"{live_server.url}/opportunities/{gig.public_id}/")
    page.get_by_role("link", name="Find candidates").click()
    expect(page.get_by_role("heading", name="Find candidates")).to_be_visible()
    expect(page.get_by_role("heading", name="2 candidates")).to_be_visible()
    _fits_the_screen(page, "09-candidates")

    page.get_by_label("Describe who you are looking for").fill("Kubernetes at level 3 or more, 8 free hours a week, remote, telepathy")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Kubernetes at level 3 or more", exact=True)).to_be_visible()
    expect(page.get_by_text("at least 8 free hours a week", exact=True)).to_be_visible()
    expect(page.get_by_text("Not understood, so not used: “telepathy”.")).to_be_visible()
    expect(page.get_by_role("heading", name="1 candidate", exact=True)).to_be_visible()
    page.get_by_text("Why this match").first.click()
    expect(page.get_by_text(re.compile(r"Availability 1\.00, weight 0\.10"))).to_be_visible()
    _fits_the_screen(page, "10-candidates-searched")

    page.get_by_role("button", name=re.compile(r"Invite to apply\W+Kim Kubernetes")).click()
    expect(page.get_by_text("Kim Kubernetes is invited to apply to “Automate the month-end report”.")).to_be_visible()
    expect(page.get_by_role("heading", name="Already invited or applied")).to_be_visible()
    expect(page.get_by_label("Describe who you are looking for")).to_have_value(
        "Kubernetes at level 3 or more, 8 free hours a week, remote, telepathy"
    )
    _fits_the_screen(page, "11-invited")
    application = Application.objects.get(opportunity=gig, applicant=kim)
    assert application.status == ApplicationStatus.INVITED
    assert not Application.objects.filter(applicant=ada).exists()
