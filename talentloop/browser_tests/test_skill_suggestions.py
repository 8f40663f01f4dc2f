"""Skills suggested from free text, in Chromium: an owner asks for suggestions from an opportunity's description,
adds one to a skill row and saves; an employee pastes a CV, ticks two suggestions and adds them, and her profile
labels them as inferred. Screenshots go to <artefacts>/screenshots/<test>/NN-<step>.png as in test_workflow_paths."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import Browser, Page, expect

from talentloop.browser_tests.test_workflow_paths import Screenshots, _artifacts_root
from talentloop.marketplace.models import Opportunity
from talentloop.people.models import EmployeeSkill, EvidenceSource
from talentloop.skills.models import Skill
from talentloop.testing import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CV = """Ada Lovelace — software engineer.
Built nightly data pipelines in Python; moved them onto Kubernetes last year.
Keep the finance team's forecasts in Microsoft Excel and present them monthly."""


@pytest.fixture
def shots(request) -> Screenshots:
    folder = _artifacts_root() / "screenshots" / request.node.originalname
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return Screenshots(folder)


def _org():
    engineering = f.DepartmentFactory(slug="engineering", name="Engineering")
    finance = f.DepartmentFactory(slug="finance", name="Finance")
    ada = f.EmployeeFactory(user__username="ada", user__first_name="Ada", user__last_name="Lovelace",
                            department=engineering, job_title="Software engineer")
    olga = f.EmployeeFactory(user__username="olga", user__first_name="Olga", user__last_name="Owner",
                             department=finance, job_title="Finance lead")
    python = f.SkillFactory(slug="python", label="Python")
    for slug, label in [("sql", "SQL"), ("kubernetes", "Kubernetes"), ("excel", "Microsoft Excel"), ("forecasting", "Forecasting")]:
        f.SkillFactory(slug=slug, label=label)
    f.EmployeeSkillFactory(employee=ada, skill=python, proficiency=4)
    return ada, olga


def _sign_in(browser: Browser, live_server, username: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_an_owner_adds_a_skill_suggested_from_the_description_and_saves(live_server, browser: Browser, shots: Screenshots):
    _org()
    olga = _sign_in(browser, live_server, "olga")
    olga.get_by_role("link", name="Post an opportunity").click()
    olga.get_by_label("Title").fill("Month-end automation")
    olga.get_by_label("Description").fill(
        "Automate the month-end report: move the jobs onto Kubernetes and keep the charts in Microsoft Excel."
    )
    olga.get_by_label("Hours a week").fill("4")
    shots(olga, "description-written")

    olga.get_by_role("button", name="Suggest skills from the description").click()
    suggestions = olga.locator("#skill-suggestions")
    expect(suggestions.get_by_role("heading", name="Skills suggested from the description")).to_be_visible()
    expect(suggestions.get_by_role("button", name="Add Kubernetes")).to_be_visible()
    expect(suggestions.locator("mark").filter(has_text="Kubernetes")).to_be_visible()
    assert Opportunity.objects.count() == 0  # asking saves nothing
    shots(olga, "suggestions-shown")

    suggestions.get_by_role("button", name="Add Kubernetes").click()
    expect(olga.locator("#id_needs-0-skill")).to_have_value("Kubernetes")
    expect(suggestions.get_by_role("button", name="Added")).to_be_disabled()
    expect(olga.locator("#skill-suggestions-status")).to_have_text("Kubernetes is in skill row 1. Check its need and level, then save.")
    shots(olga, "suggestion-added-to-a-row")

    olga.get_by_role("button", name="Publish", exact=True).click()
    expect(olga.get_by_role("heading", name="Month-end automation")).to_be_visible()
    expect(olga.get_by_text("Kubernetes").first).to_be_visible()
    opportunity = Opportunity.objects.get(title="Month-end automation")
    assert list(opportunity.skill_needs.values_list("skill__slug", flat=True)) == ["kubernetes"]
    shots(olga, "opportunity-saved-with-the-skill")
    shots.assert_saved()


def test_an_employee_adds_two_skills_suggested_from_her_cv(live_server, browser: Browser, shots: Screenshots):
    ada, _ = _org()
    page = _sign_in(browser, live_server, "ada")
    page.get_by_role("link", name="My profile").click()
    page.get_by_role("link", name="Suggest skills from a text").click()
    page.get_by_label("Text to suggest skills from").fill(CV)
    shots(page, "cv-pasted")

    page.get_by_role("button", name="Suggest", exact=True).click()
    suggestions = page.get_by_role("region", name="Suggested skills")
    expect(suggestions.get_by_role("checkbox", name="Kubernetes")).to_be_visible()
    expect(suggestions.get_by_text("Already on your profile")).to_be_visible()  # Python: marked, not offered
    expect(suggestions.get_by_role("checkbox", name="Python")).to_have_count(0)
    assert EmployeeSkill.objects.filter(employee=ada).count() == 1  # suggesting writes nothing
    shots(page, "suggestions-shown")

    suggestions.get_by_role("checkbox", name="Kubernetes").check()
    suggestions.get_by_role("checkbox", name="Microsoft Excel").check()
    suggestions.get_by_label("Level in Kubernetes").select_option("3")
    shots(page, "two-ticked")
    page.get_by_role("button", name="Add the ticked skills").click()

    expect(page.get_by_text("Added as suggestions from your text: Kubernetes, Microsoft Excel.")).to_be_visible()
    skills = page.get_by_role("region", name="Skills")
    for label in ("Kubernetes", "Microsoft Excel"):
        heading = skills.get_by_role("heading", name=label)
        expect(heading).to_be_visible()
        expect(heading.locator(".badge-inferred")).to_have_text("inferred (suggestion)")
    shots(page, "profile-shows-inferred-skills")

    added = EmployeeSkill.objects.filter(employee=ada, skill__in=Skill.objects.filter(slug__in=["kubernetes", "excel"]))
    assert {(es.skill.slug, es.proficiency, es.verified) for es in added} == {("kubernetes", 3, False), ("excel", 2, False)}
    assert {e.source for es in added for e in es.evidence.all()} == {EvidenceSource.INFERRED}
    shots.assert_saved()
