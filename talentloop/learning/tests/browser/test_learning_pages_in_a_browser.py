"""In a real browser: the learning pages have no serious accessibility problems (axe-core, desktop and phone), and a
person finds a course, enrols, records progress and completes it by keyboard, and sees the skill it taught rise."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from talentloop.accounts.personas import LOD_ADMIN_GROUP
from talentloop.browser_tests.test_accessibility import SCREENS, _violations
from talentloop.learning.models import ItemKind
from talentloop.learning.tests.factories import LearningItemFactory, LearningItemSkillFactory
from talentloop.people.models import EmployeeSkill
from talentloop.testing import factories as f


def _catalog():
    ada = f.EmployeeFactory(user__username="ada", user__first_name="Ada", user__last_name="Lovelace")
    sql = f.SkillFactory(slug="sql", label="SQL")
    f.EmployeeSkillFactory(employee=ada, skill=sql, proficiency=1)
    course = LearningItemFactory(slug="sql-basics", title="SQL basics", description="Select, join and group.")
    LearningItemSkillFactory(item=course, skill=sql, target_level=3)
    exam = LearningItemFactory(slug="sql-exam", title="SQL practitioner exam", kind=ItemKind.ASSESSMENT)
    LearningItemSkillFactory(item=exam, skill=sql, target_level=3)
    LearningItemFactory(slug="gdpr", title="Data protection", compliance=True)
    lena = f.UserFactory(username="lena", first_name="Lena", last_name="Learning")
    lena.groups.add(Group.objects.get_or_create(name=LOD_ADMIN_GROUP)[0])
    return ada, course, exam


def _sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(f"{base}/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_learning_pages_have_no_serious_accessibility_problems(live_server, page: Page, screen):
    ada, course, exam = _catalog()
    from talentloop.learning import services

    services.record_progress(ada, course, 40)
    page.set_viewport_size(SCREENS[screen])
    problems: dict[str, list[str]] = {}
    for username, paths in {
        "ada": ["/learning/", "/learning/?q=sql&kind=course", f"/learning/{course.public_id}/", f"/learning/{exam.public_id}/",
                "/learning/mine/"],
        "lena": ["/learning/", f"/learning/{exam.public_id}/", "/learning/import/"],
    }.items():
        _sign_in(page, live_server.url, username)
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            problems[f"{username} {path}"] = _violations(page)
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_person_completes_a_course_by_keyboard_and_the_skill_rises(live_server, page: Page):
    ada, _course, exam = _catalog()
    _sign_in(page, live_server.url, "ada")
    page.get_by_role("link", name="Learning", exact=True).first.focus()
    page.keyboard.press("Enter")
    search = page.get_by_label("Search")
    search.fill("sql")
    search.press("Enter")
    expect(page.get_by_role("heading", name="2 learning items")).to_be_visible()
    page.get_by_role("link", name="SQL basics").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("SQL · level 3 (you: 1)")).to_be_visible()
    page.get_by_role("button", name="Enrol").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("You are enrolled in “SQL basics”.")).to_be_visible()
    percent = page.get_by_label("Progress (percent)")
    percent.fill("60")
    percent.press("Enter")
    expect(page.get_by_text("In progress · 60%")).to_be_visible()
    page.get_by_role("button", name="Mark completed").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("“SQL basics” is completed")).to_be_visible()
    expect(page.get_by_text("SQL · level 3 (you: 2)")).to_be_visible()
    assert EmployeeSkill.objects.get(employee=ada, skill__slug="sql").proficiency == 2
    page.goto(f"{live_server.url}/learning/{exam.public_id}/")
    expect(page.get_by_role("button", name="Mark completed")).to_have_count(0)
