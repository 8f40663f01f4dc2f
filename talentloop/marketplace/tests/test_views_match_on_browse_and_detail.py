"""The employee's match on the browse page's cards and on the opportunity page ("why this match"); never on
her own opportunity, and nothing for someone without a profile. The owner's pages link to hidden talent."""

from __future__ import annotations

from talentloop.matching import services
from talentloop.testing import factories as f


def test_every_card_of_the_browse_page_shows_the_employees_match_and_why(org):
    ada = org.personas(org.employee)
    f.OpportunityFactory(owner=org.employee, title="Ada's own gig")
    response = org.client(org.employee).get("/opportunities/")
    page = response.text
    why = services.why(ada, org.gig)
    assert f'Automate the month-end report</a> <small class="badge">{round(why.score * 100)}% match</small>' in page
    assert "<summary>Why this match<span class=\"visually-hidden\">: Automate the month-end report</span>" in page
    assert "Python: asked level 3, you hold 4 · self-declared" in page
    assert "Ada&#x27;s own gig</a></h3>" in page  # her own: no match to explain
    assert page.count("<summary>Why this match") == 1


def test_the_browse_page_has_no_match_for_someone_without_a_profile(org):
    page = org.client(org.talent_admin).get("/opportunities/").text
    assert "Automate the month-end report" in page
    assert "Why this match" not in page and "% match" not in page


def test_the_opportunity_page_explains_the_match_to_the_viewer(org):
    page = org.client(org.employee).get(f"/opportunities/{org.gig.public_id}/").text
    assert '<h2 id="why-heading">How you match</h2>' in page
    assert '<details class="why" open>' in page
    assert "Python: asked level 3, you hold 4 · self-declared" in page
    assert "SQL <span class=\"muted\">(nice to have)</span>: asked level 2</li>" in page


def test_the_owner_sees_no_match_on_her_own_opportunity_but_a_link_to_candidates(org):
    page = org.client(org.owner).get(f"/opportunities/{org.gig.public_id}/").text
    assert "How you match" not in page and "Why this match" not in page
    assert f'<a href="/opportunities/{org.gig.public_id}/candidates/">Find candidates</a>' in page
    applicants = org.client(org.owner).get(f"/opportunities/{org.gig.public_id}/applicants/").text
    assert f'<a href="/opportunities/{org.gig.public_id}/candidates/">Find candidates among the people who opted in' in applicants
    home = org.client(org.owner).get("/").text
    assert f'<a href="/opportunities/{org.gig.public_id}/candidates/">Candidates<span class="visually-hidden"> for Automate' in home
