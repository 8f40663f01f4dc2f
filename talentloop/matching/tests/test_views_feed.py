"""The "for you" page: the feed of matching.services ranked by the engine, each card explained, with the browse
page's filters (htmx-updated) and pages of 20; the employee's home page shows its top 5."""

from __future__ import annotations

import re

from talentloop.marketplace.lifecycle import OpportunityType
from talentloop.matching import services
from talentloop.people import services as people
from talentloop.people.models import WorkMode
from talentloop.testing import factories as f

X = "\N{MULTIPLICATION SIGN}"


def _titles(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/opportunities/[0-9a-f-]+/">([^<]+)</a>', html)


def _feed_org(org):
    """Beside Olga's gig (Python 3, SQL 2 nice to have): a stretch that asks more Python, and a Kubernetes job."""
    python, sql = org.gig.skills.get(slug="python"), org.gig.skills.get(slug="sql")
    k8s = f.SkillFactory(slug="kubernetes", label="Kubernetes")
    stretch = f.OpportunityFactory(owner=org.owner, title="Rewrite the ledger engine", hours_per_week=6)
    f.OpportunitySkillFactory(opportunity=stretch, skill=python, level=5)
    f.OpportunitySkillFactory(opportunity=stretch, skill=sql, level=3)
    cluster = f.OpportunityFactory(owner=org.manager, title="Kubernetes rollout", type=OpportunityType.PROJECT,
                                   work_mode=WorkMode.REMOTE)
    f.OpportunitySkillFactory(opportunity=cluster, skill=k8s, level=3)
    return k8s


def test_it_ranks_the_feed_by_the_engine_and_explains_every_card(org):
    _feed_org(org)
    response = org.client(org.employee).get("/for-you/")
    assert response.status_code == 200
    titles = _titles(response.text)
    assert titles == ["Automate the month-end report", "Rewrite the ledger engine", "Kubernetes rollout"]
    items, total = services.feed(org.personas(org.employee))
    assert [i.opportunity.title for i in items] == titles and total == 3
    page = response.text
    assert '<h2 id="results-heading">3 opportunities for you</h2>' in page
    assert page.count("<summary>Why this match") == 3
    # The month-end gig: Python 4 self-declared covers level 3 fully; SQL is missing.
    assert "Python: asked level 3, you hold 4 · self-declared" in page
    assert "SQL <span class=\"muted\">(nice to have)</span>: asked level 2</li>" in page
    # The ledger: Python 4 (self-declared, 0.85) against level 5 is a partial match.
    assert "Python: asked level 5, you hold 4 (self-declared) · 68% credit" in page
    assert "Kubernetes: asked level 3</li>" in page
    # Components with their weights.
    assert "<li><strong>Skill fit</strong> 0.71, weight 0.55 <small" in page
    assert "<li><strong>Growth</strong> 0.00, weight 0.25 <small" in page
    assert "<li><strong>Preferences</strong> 0.50, weight 0.20 <small" in page
    assert f"Score 0.49 = 0.55 {X} 0.71 + 0.25 {X} 0.00 + 0.20 {X} 0.50" in page
    first = items[0].match
    assert f"{round(first.score * 100)}% match" in page


def test_it_shows_evidence_related_skills_growth_and_preferences(org):
    k8s = _feed_org(org)
    postgres = f.SkillFactory(slug="postgresql", label="PostgreSQL")
    f.RelatedSkillFactory(from_skill=postgres, to_skill=org.gig.skills.get(slug="sql"), weight=0.6)
    ada = org.personas(org.employee)
    people.set_skill(org.personas(org.manager), org.employee, org.gig.skills.get(slug="python"), 4)  # verified
    people.set_skill(ada, org.employee, postgres, 3)
    people.set_aspirations(ada, org.employee, target_roles=[], skills_to_grow=[k8s], opportunity_types=["project"],
                           work_modes=["remote"])
    page = org.client(org.employee).get("/for-you/").text
    assert "Python: asked level 3, you hold 4 · <span class=\"badge badge-verified\">verified</span> · evidence: manager assessment" in page
    assert "SQL <span class=\"muted\">(nice to have)</span>: asked level 2, through the related skill PostgreSQL (you hold 3), weight 0.60" in page
    assert "Skills you would grow toward your aspirations</strong>: Kubernetes" in page
    assert "Matches what you want</strong>: type: project, work mode: remote" in page


def test_a_profile_edit_through_the_services_changes_the_very_next_request(org):
    k8s = _feed_org(org)
    client = org.client(org.employee)
    assert _titles(client.get("/for-you/").text)[-1] == "Kubernetes rollout"
    people.set_skill(org.personas(org.employee), org.employee, k8s, 5)
    page = client.get("/for-you/").text
    assert _titles(page)[0] == "Kubernetes rollout"
    assert "Kubernetes: asked level 3, you hold 5 · self-declared · evidence: self-declared" in page


def test_the_browse_filters_narrow_the_feed_and_htmx_gets_the_results_only(org):
    _feed_org(org)
    client = org.client(org.employee)
    assert _titles(client.get("/for-you/?type=project").text) == ["Kubernetes rollout"]
    assert _titles(client.get("/for-you/?skill=Kubernetes").text) == ["Kubernetes rollout"]
    assert _titles(client.get("/for-you/?department=finance&q=ledger").text) == ["Rewrite the ledger engine"]
    assert _titles(client.get("/for-you/?min_hours=5").text) == ["Rewrite the ledger engine"]
    assert _titles(client.get("/for-you/?work_mode=onsite").text) == []
    response = client.get("/for-you/?type=gig", headers={"HX-Request": "true"})
    assert "<html" not in response.text
    assert '<span id="results-announcer" hx-swap-oob="innerHTML">2 opportunities found</span>' in response.text
    assert "HX-Request" in response["Vary"]
    page = client.get("/for-you/").text
    assert '<form method="get" action="/for-you/" aria-label="Filter the feed"' in page
    assert 'hx-get="/for-you/" hx-target="#results" hx-push-url="true"' in page
    assert 'name="status"' not in page  # the feed is open opportunities only


def test_an_unknown_skill_is_a_400_naming_the_filter(org):
    response = org.client(org.employee).get("/for-you/?skill=Telepathy")
    assert response.status_code == 400
    assert "Skill: There is no skill called “Telepathy” in the taxonomy." in response.text


def test_it_pages_by_twenty_in_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    # Distinct scores: gig i asks Python 3 (which Ada covers) and i skills she lacks, nice to have.
    python = org.gig.skills.get(slug="python")
    lacking = [f.SkillFactory(slug=f"lacking-{j}", label=f"Lacking {j}") for j in range(24)]
    for i in range(24):
        o = f.OpportunityFactory(owner=org.owner, title=f"Gig number {i:02d}")
        f.OpportunitySkillFactory(opportunity=o, skill=python, level=3)
        for skill in lacking[:i]:
            f.OpportunitySkillFactory(opportunity=o, skill=skill, level=1, need="nice_to_have")
    client = org.client(org.employee)
    client.get("/for-you/")  # builds the index
    with django_assert_max_num_queries(19):  # 14 for the feed, 5 for the learning beside it (page one only)
        first = client.get("/for-you/")
    assert len(_titles(first.text)) == 20
    assert "Page 1 of 2" in first.text and 'href="?page=2"' in first.text
    second = client.get("/for-you/?page=2")
    assert len(_titles(second.text)) == 5
    assert not set(_titles(first.text)) & set(_titles(second.text))
    assert _titles(client.get("/for-you/?page=9").text) == _titles(second.text)  # past the end: the last page


def test_someone_without_a_profile_is_told_there_is_no_feed(org):
    response = org.client(org.talent_admin).get("/for-you/")
    assert response.status_code == 200
    assert "You have no employee profile, so there is no feed for you." in response.text


def test_the_nav_links_the_feed_for_employees_only(org):
    assert '<a href="/for-you/">For you</a>' in org.client(org.employee).get("/").text
    assert 'aria-current="page">For you</a>' in org.client(org.employee).get("/for-you/").text
    assert "For you</a>" not in org.client(org.talent_admin).get("/").text


def test_the_home_page_shows_the_top_five_of_the_feed(org):
    python = org.gig.skills.get(slug="python")
    for i in range(6):
        o = f.OpportunityFactory(owner=org.owner, title=f"Gig number {i}")
        f.OpportunitySkillFactory(opportunity=o, skill=python, level=5)
    page = org.client(org.employee).get("/").text
    assert '<h2 id="matches-heading">For you</h2>' in page
    items, total = services.feed(org.personas(org.employee), k=5)
    assert _titles(page) == [i.opportunity.title for i in items]
    assert _titles(page)[0] == "Automate the month-end report"
    assert page.count("<summary>Why this match") == 5
    assert f'<a href="/for-you/">All {total} opportunities for you</a>' in page
    assert "Opportunities that use your skills" not in page
