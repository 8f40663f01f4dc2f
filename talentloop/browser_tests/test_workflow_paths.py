"""Whole workflow paths through the real UI in Chromium, each persona in a browser context of their own and signed in
through the sign-in page: a gig from the feed to verified skills and a changed feed, a mentorship with a logged
session, and a confidential permanent-role application that the line manager learns of only at the offer.
Only the starting organisation comes from factories; every later state is made by clicking.
Each step leaves a screenshot in <artefacts>/screenshots/<test>/NN-<step>.png, where <artefacts> is
$TALENTLOOP_ARTIFACTS or else $TALENTLOOP_VAR_DIR/test-artifacts."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityType
from talentloop.marketplace.models import Application, Opportunity
from talentloop.people.models import Employee, EmployeeSkill
from talentloop.skills.models import Skill
from talentloop.testing import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SignIn = Callable[[str], Page]


# --- artefacts, personas and the organisation ------------------------------------------------------------------


def _artifacts_root() -> Path:
    return Path(os.environ.get("TALENTLOOP_ARTIFACTS") or settings.VAR_DIR / "test-artifacts")


@dataclass
class Screenshots:
    """Numbered full-page screenshots of one test, one per step."""

    folder: Path
    taken: list[Path] = field(default_factory=list)

    def __call__(self, page: Page, step: str) -> None:
        path = self.folder / f"{len(self.taken) + 1:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)

    def assert_saved(self) -> None:
        """One non-empty file per step, and nothing else in the folder."""
        assert self.taken
        assert sorted(self.folder.glob("*.png")) == self.taken
        assert all(p.stat().st_size > 0 for p in self.taken)


@pytest.fixture
def shots(request) -> Screenshots:
    folder = _artifacts_root() / "screenshots" / request.node.originalname
    shutil.rmtree(folder, ignore_errors=True)  # a rerun must not pass on the files of the last one
    folder.mkdir(parents=True)
    return Screenshots(folder)


@pytest.fixture
def sign_in(browser: Browser, live_server) -> Iterator[SignIn]:
    """sign_in("ada") -> a page in a new browser context (own cookies), signed in through the sign-in page."""
    contexts: list[BrowserContext] = []

    def _sign_in(username: str) -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(f.PASSWORD)
        page.get_by_label("Password").press("Enter")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield _sign_in
    for context in contexts:
        context.close()


@dataclass
class Org:
    ada: Employee  # the employee: Python 4 and SQL 3, both self-declared
    maria: Employee  # Ada's line manager
    olga: Employee  # owner (and mentor), in another department
    sql: Skill


def _org() -> Org:
    engineering = f.DepartmentFactory(slug="engineering", name="Engineering")
    finance = f.DepartmentFactory(slug="finance", name="Finance")
    maria = f.EmployeeFactory(user__username="maria", user__first_name="Maria", user__last_name="Manager",
                              department=engineering, job_title="Engineering manager")
    ada = f.EmployeeFactory(user__username="ada", user__first_name="Ada", user__last_name="Lovelace", department=engineering,
                            manager=maria, job_title="Software engineer", open_to_opportunities=True, weekly_hours_available=8)
    olga = f.EmployeeFactory(user__username="olga", user__first_name="Olga", user__last_name="Owner", department=finance,
                             job_title="Finance lead")
    python = f.SkillFactory(slug="python", label="Python")
    sql = f.SkillFactory(slug="sql", label="SQL")
    f.EmployeeSkillFactory(employee=ada, skill=python, proficiency=4)
    f.EmployeeSkillFactory(employee=ada, skill=sql, proficiency=3)
    return Org(ada, maria, olga, sql)


def _url(live_server, path: str) -> str:
    return f"{live_server.url}{path}"


def _flash(page: Page, text: str) -> None:
    expect(page.get_by_text(text, exact=True)).to_be_visible()


def _feed_card(page: Page, title: str):
    return page.locator("#results > ol > li").filter(has=page.get_by_role("link", name=title, exact=True))


def _match_percent(page: Page, title: str) -> int:
    """The "NN% match" badge on the feed card of `title`."""
    badge = _feed_card(page, title).locator("h3 .badge")
    expect(badge).to_have_text(re.compile(r"^\d+% match$"))
    return int(badge.inner_text().split("%")[0])


def _press(page: Page, label: str) -> None:
    """A move button; its accessible name goes on with the applicant and the opportunity ("Offer Ada Lovelace for …")."""
    page.get_by_role("button", name=re.compile(rf"^{re.escape(label)}\b")).click()


def _skills_section(page: Page):
    return page.get_by_role("region", name="Skills")


# --- a gig -----------------------------------------------------------------------------------------------------


def test_a_gig_from_the_feed_ends_in_a_verified_skill_and_a_changed_feed(live_server, sign_in: SignIn, shots: Screenshots):
    org = _org()
    gig = f.OpportunityFactory(owner=org.olga, title="Automate the month-end report", type=OpportunityType.GIG)
    f.OpportunitySkillFactory(opportunity=gig, skill=Skill.objects.get(slug="python"), level=3)
    f.OpportunitySkillFactory(opportunity=gig, skill=org.sql, level=3)
    # The gig that shows the change: it asks SQL at expert level, which Ada holds at 3 on her own word.
    expert = f.OpportunityFactory(owner=org.olga, title="Tune the ledger database", type=OpportunityType.GIG)
    f.OpportunitySkillFactory(opportunity=expert, skill=org.sql, level=5)
    ada, olga, maria = sign_in("ada"), sign_in("olga"), sign_in("maria")
    applicants = _url(live_server, f"/opportunities/{gig.public_id}/applicants/")

    # Ada finds the gig in her feed.
    ada.get_by_role("link", name="For you", exact=True).click()
    expect(ada.get_by_role("heading", name="2 opportunities for you")).to_be_visible()
    expect(_feed_card(ada, gig.title)).to_be_visible()
    before = _match_percent(ada, expert.title)
    expect(_feed_card(ada, expert.title).locator("details.why")).to_contain_text("SQL: asked level 5, you hold 3")
    shots(ada, "ada-feed-before")

    # She opens it and applies.
    ada.get_by_role("link", name=gig.title, exact=True).click()
    expect(ada.get_by_role("heading", name="How you match")).to_be_visible()
    ada.get_by_label("Message to the owner").fill("I automate reports in Python and SQL.")
    ada.get_by_role("button", name="Apply", exact=True).click()
    _flash(ada, f"Your application to “{gig.title}” is sent.")
    shots(ada, "ada-applied")

    # Olga shortlists and offers.
    olga.goto(applicants)
    expect(olga.get_by_role("heading", name="Ada Lovelace")).to_be_visible()
    expect(olga.get_by_text("I automate reports in Python and SQL.")).to_be_visible()
    _press(olga, "Shortlist")
    _flash(olga, f"The application of Ada Lovelace to “{gig.title}” is now shortlisted.")
    shots(olga, "olga-shortlisted")
    _press(olga, "Offer")
    _flash(olga, f"The application of Ada Lovelace to “{gig.title}” is now offered.")
    shots(olga, "olga-offered")

    # Ada cannot accept before her line manager releases the time.
    ada.goto(_url(live_server, "/applications/"))
    expect(ada.get_by_text("Waiting for your line manager to release the time")).to_be_visible()
    expect(ada.get_by_role("button", name=re.compile(r"^Accept\b"))).to_have_count(0)
    shots(ada, "ada-waits-for-release")

    # Maria releases it from her team page.
    maria.get_by_role("link", name="My team").click()
    waiting = maria.get_by_role("region", name="Waiting for your release")
    expect(waiting.get_by_role("heading", name=f"Ada Lovelace — {gig.title}")).to_be_visible()
    shots(maria, "maria-release-asked")
    _press(maria, "Release")
    _flash(maria, f"The application of Ada Lovelace to “{gig.title}” is now released.")
    expect(waiting.get_by_text("Nothing waits for your release.")).to_be_visible()
    shots(maria, "maria-released")

    # Ada accepts.
    ada.reload()
    _press(ada, "Accept")
    _flash(ada, f"Your application to “{gig.title}” is now accepted.")
    shots(ada, "ada-accepted")

    # Olga starts it, then completes it with a rating per skill.
    olga.goto(applicants)
    _press(olga, "Start")
    _flash(olga, f"The application of Ada Lovelace to “{gig.title}” is now active.")
    olga.get_by_role("button", name=re.compile(r"^Complete and rate skills\b")).click()
    expect(olga.get_by_role("heading", name=f"Complete “{gig.title}” with Ada Lovelace")).to_be_visible()
    olga.get_by_label("SQL", exact=True).select_option(label="5 · expert")
    olga.get_by_label("Python", exact=True).select_option(label="4 · advanced")
    olga.get_by_label("Hours worked in all").fill("24")
    olga.get_by_label("Endorsement").fill("Ada rebuilt the month-end queries; they run in minutes now.")
    shots(olga, "olga-rates-skills")
    olga.get_by_role("button", name="Save ratings and complete").click()
    _flash(olga, "Ratings saved. Ada Lovelace is asked to confirm the completion.")
    expect(olga.get_by_text("You rated the skills; Ada Lovelace is asked to confirm.")).to_be_visible()
    shots(olga, "olga-rated")

    # Ada confirms: completed on both sides.
    ada.reload()
    expect(ada.get_by_text("Olga Owner rated your work: confirm the completion")).to_be_visible()
    _press(ada, "Confirm completion")
    _flash(ada, f"Your application to “{gig.title}” is now completed.")
    expect(ada.locator(".result-list .badge-completed")).to_have_text("completed")
    shots(ada, "ada-confirmed")

    # Her profile shows the rated levels as verified.
    ada.goto(_url(live_server, f"/people/{org.ada.public_id}/"))
    skills = _skills_section(ada)
    expect(skills.get_by_role("listitem").filter(has_text=re.compile(r"^SQL · 5\s+verified$"))).to_be_visible()
    expect(skills.get_by_role("listitem").filter(has_text=re.compile(r"^Python · 4\s+verified$"))).to_be_visible()
    experience = ada.get_by_role("region", name="Experience")
    if experience.count():  # the timeline is newer than this test; where it is shown, the gig is on it
        expect(experience.get_by_role("link", name=gig.title)).to_be_visible()
        expect(experience.get_by_text("SQL · observed at 5")).to_be_visible()
    shots(ada, "ada-profile-verified")

    # And her feed changed: the expert SQL gig now matches her better, for the verified level.
    ada.get_by_role("link", name="For you", exact=True).click()
    card = _feed_card(ada, expert.title)
    card.get_by_text("Why this match").click()
    expect(card.locator("details.why")).to_contain_text("SQL: asked level 5, you hold 5 · verified")
    after = _match_percent(ada, expert.title)
    shots(ada, "ada-feed-after")
    assert after > before, f"“{expert.title}” matched {before}% before the verified SQL and {after}% after"

    assert Application.objects.get(opportunity=gig, applicant=org.ada).status == ApplicationStatus.COMPLETED
    assert EmployeeSkill.objects.get(employee=org.ada, skill=org.sql).verified
    shots.assert_saved()


# --- a mentorship ----------------------------------------------------------------------------------------------


def test_a_mentorship_found_by_browsing_ends_with_a_logged_session_and_a_verified_skill(
    live_server, sign_in: SignIn, shots: Screenshots
):
    org = _org()
    speaking = f.SkillFactory(slug="public-speaking", label="Public speaking")
    mentoring = f.OpportunityFactory(
        owner=org.olga, title="Find your voice at the all-hands", type=OpportunityType.MENTORSHIP,
        mentorship_direction="mentor_offers", topics=["storytelling", "slides that carry a number"], hours_per_week=1,
    )
    f.OpportunitySkillFactory(opportunity=mentoring, skill=speaking, level=3, need="growth")
    ada, olga = sign_in("ada"), sign_in("olga")
    applicants = _url(live_server, f"/opportunities/{mentoring.public_id}/applicants/")

    # Ada finds the mentorship among the opportunities and applies.
    ada.get_by_role("link", name="Opportunities", exact=True).click()
    ada.get_by_role("link", name=mentoring.title, exact=True).click()
    expect(ada.get_by_text("storytelling, slides that carry a number")).to_be_visible()
    expect(ada.get_by_text("A mentor offers mentoring")).to_be_visible()
    shots(ada, "ada-mentorship")
    ada.get_by_label("Message to the owner").fill("I present our sprint reviews and want to do it better.")
    ada.get_by_role("button", name="Apply", exact=True).click()
    _flash(ada, f"Your application to “{mentoring.title}” is sent.")
    shots(ada, "ada-applied")

    # Olga, the mentor, offers; a mentorship needs no release.
    olga.goto(applicants)
    expect(olga.get_by_text("offers need the applicant's line manager")).to_have_count(0)
    _press(olga, "Offer")
    _flash(olga, f"The application of Ada Lovelace to “{mentoring.title}” is now offered.")
    shots(olga, "olga-offered")

    # Ada accepts at once.
    ada.goto(_url(live_server, "/applications/"))
    expect(ada.get_by_text("release the time")).to_have_count(0)
    _press(ada, "Accept")
    _flash(ada, f"Your application to “{mentoring.title}” is now accepted.")
    shots(ada, "ada-accepted")

    # Olga starts it.
    olga.goto(applicants)
    _press(olga, "Start")
    _flash(olga, f"The application of Ada Lovelace to “{mentoring.title}” is now active.")
    shots(olga, "olga-started")

    # Ada logs a session.
    ada.reload()
    expect(ada.get_by_text("Mentoring sessions (0)")).to_be_visible()
    ada.get_by_label("Held on").fill(timezone.localdate().isoformat())
    ada.get_by_label("Minutes").fill("45")
    ada.get_by_label("Notes").fill("Rehearsed the Q3 numbers story.")
    ada.get_by_role("button", name="Log a session").click()
    _flash(ada, "Session of 45 minutes logged.")
    expect(ada.get_by_text("Mentoring sessions (1)")).to_be_visible()
    expect(ada.get_by_text("45 min — Rehearsed the Q3 numbers story.")).to_be_visible()
    shots(ada, "ada-logged-a-session")

    # Olga completes it; the hours default to the sessions logged (45 minutes, so 1 hour).
    olga.goto(applicants)
    expect(olga.get_by_text("Mentoring sessions (1)")).to_be_visible()
    olga.get_by_role("button", name=re.compile(r"^Complete and rate skills\b")).click()
    expect(olga.get_by_label("Hours worked in all")).to_have_value("1")
    olga.get_by_label("Public speaking", exact=True).select_option(label="2 · working")
    shots(olga, "olga-rates-skills")
    olga.get_by_role("button", name="Save ratings and complete").click()
    _flash(olga, "Ratings saved. Ada Lovelace is asked to confirm the completion.")
    shots(olga, "olga-rated")

    # Ada confirms; the skill she grew is on her profile, verified.
    ada.reload()
    _press(ada, "Confirm completion")
    _flash(ada, f"Your application to “{mentoring.title}” is now completed.")
    shots(ada, "ada-confirmed")
    ada.goto(_url(live_server, f"/people/{org.ada.public_id}/"))
    expect(_skills_section(ada).get_by_role("listitem").filter(has_text=re.compile(r"^Public speaking · 2\s+verified$"))).to_be_visible()
    shots(ada, "ada-profile-verified")

    application = Application.objects.get(opportunity=mentoring, applicant=org.ada)
    assert application.status == ApplicationStatus.COMPLETED
    assert [(s.minutes, s.notes) for s in application.sessions.all()] == [(45, "Rehearsed the Q3 numbers story.")]
    shots.assert_saved()


# --- a confidential permanent role -----------------------------------------------------------------------------


def _maria_sees_nothing_of(maria: Page, live_server, org: Org, role: Opportunity) -> None:
    """Neither her team page, her inbox nor Ada's profile says a word of the application."""
    for path in ("/team/", "/notifications/", f"/people/{org.ada.public_id}/"):
        maria.goto(_url(live_server, path))
        expect(maria.get_by_role("heading", level=1)).to_be_visible()
        expect(maria.get_by_text(role.title)).to_have_count(0)
    maria.goto(_url(live_server, "/team/"))
    expect(maria.get_by_role("link", name="Ada Lovelace")).to_be_visible()  # her report, all the same


def test_a_confidential_permanent_role_reaches_the_line_manager_only_at_the_offer_and_ends_in_a_move(
    live_server, sign_in: SignIn, shots: Screenshots
):
    org = _org()
    data_engineer = f.RoleFactory(slug="senior-data-engineer", title="Senior data engineer", level=3)
    role = f.OpportunityFactory(
        owner=org.olga, title="Senior data engineer, Finance", type=OpportunityType.PERMANENT_ROLE, role=data_engineer,
        hours_per_week=37, end_date=None,
    )
    f.OpportunitySkillFactory(opportunity=role, skill=org.sql, level=3)
    ada, olga, maria = sign_in("ada"), sign_in("olga"), sign_in("maria")
    applicants = _url(live_server, f"/opportunities/{role.public_id}/applicants/")

    # Ada applies without telling her line manager.
    ada.goto(_url(live_server, f"/opportunities/{role.public_id}/"))
    expect(ada.get_by_text("Your line manager learns of your application only at offer stage")).to_be_visible()
    share = ada.get_by_label("Share this application with my line manager now")
    expect(share).not_to_be_checked()
    ada.get_by_label("Message to the owner").fill("I would like to move into data engineering.")
    shots(ada, "ada-applies-confidentially")
    ada.get_by_role("button", name="Apply", exact=True).click()
    _flash(ada, f"Your application to “{role.title}” is sent.")
    ada.goto(_url(live_server, "/applications/"))
    expect(ada.get_by_text("Confidential: your line manager learns of this application only at offer stage")).to_be_visible()
    expect(ada.get_by_role("button", name="Tell my line manager now")).to_be_visible()
    shots(ada, "ada-confidential-application")

    # Maria sees nothing of it.
    _maria_sees_nothing_of(maria, live_server, org, role)
    shots(maria, "maria-sees-nothing")

    # Olga shortlists: still nothing for Maria.
    olga.goto(applicants)
    _press(olga, "Shortlist")
    _flash(olga, f"The application of Ada Lovelace to “{role.title}” is now shortlisted.")
    shots(olga, "olga-shortlisted")
    _maria_sees_nothing_of(maria, live_server, org, role)

    # Olga offers: now Maria is told, in her inbox.
    _press(olga, "Offer")
    _flash(olga, f"The application of Ada Lovelace to “{role.title}” is now offered.")
    shots(olga, "olga-offered")
    maria.goto(_url(live_server, "/notifications/"))
    told = maria.get_by_role("link", name=f"Ada Lovelace is offered the role “{role.title}”")
    expect(told).to_be_visible()
    expect(maria.get_by_text("Applications to permanent roles stay confidential until this stage.")).to_be_visible()
    shots(maria, "maria-told-of-the-offer")
    told.click()
    expect(maria).to_have_url(_url(live_server, "/team/"))
    shots(maria, "maria-follows-the-notice")

    # Ada accepts (a permanent role needs no release); Olga starts it, which is the move.
    ada.reload()
    expect(ada.get_by_role("button", name="Tell my line manager now")).to_have_count(0)
    _press(ada, "Accept")
    _flash(ada, f"Your application to “{role.title}” is now accepted.")
    shots(ada, "ada-accepted")
    olga.goto(applicants)
    _press(olga, "Start")
    _flash(olga, f"The application of Ada Lovelace to “{role.title}” is now active.")
    expect(olga.get_by_role("button", name=re.compile(r"^Complete and rate skills\b"))).to_have_count(0)  # taken, not completed
    shots(olga, "olga-started")

    # Ada's profile carries the new job.
    ada.goto(_url(live_server, f"/people/{org.ada.public_id}/"))
    expect(ada.locator("h1 + p.meta")).to_have_text(re.compile(r"^Senior data engineer · Finance\b"))
    shots(ada, "ada-profile-moved")

    org.ada.refresh_from_db()
    assert (org.ada.job_title, org.ada.role, org.ada.manager) == ("Senior data engineer", data_engineer, org.olga)
    assert Application.objects.get(opportunity=role, applicant=org.ada).status == ApplicationStatus.ACTIVE
    shots.assert_saved()
