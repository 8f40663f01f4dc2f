"""GET /api/v1/me/feed/ (the "for you" feed with the opportunities list's filters, paged, each item explained)
and GET /api/v1/opportunities/{id}/match/ ("why this match" for the viewer)."""

from __future__ import annotations

from rest_framework.test import APIClient

from talentloop.marketplace.lifecycle import OpportunityType
from talentloop.matching import services
from talentloop.people import services as people
from talentloop.testing import factories as f

URL = "/api/v1/me/feed/"


def api(who) -> APIClient:
    client = APIClient()
    client.force_login(who.user if hasattr(who, "user") else who)
    return client


def _org(org):
    python, sql = org.gig.skills.get(slug="python"), org.gig.skills.get(slug="sql")
    k8s = f.SkillFactory(slug="kubernetes", label="Kubernetes")
    stretch = f.OpportunityFactory(owner=org.owner, title="Rewrite the ledger engine", hours_per_week=6)
    f.OpportunitySkillFactory(opportunity=stretch, skill=python, level=5)
    f.OpportunitySkillFactory(opportunity=stretch, skill=sql, level=3)
    cluster = f.OpportunityFactory(owner=org.manager, title="Kubernetes rollout", type=OpportunityType.PROJECT)
    f.OpportunitySkillFactory(opportunity=cluster, skill=k8s, level=3)
    return k8s


def _titles(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [o["title"] for o in response.json()["results"]]


def test_the_feed_is_ranked_by_the_engine_and_each_item_carries_its_explanation(org):
    _org(org)
    response = api(org.employee).get(URL)
    body = response.json()
    assert _titles(response) == ["Automate the month-end report", "Rewrite the ledger engine", "Kubernetes rollout"]
    assert body["count"] == 3 and body["next"] is None and body["previous"] is None
    items, _ = services.feed(org.personas(org.employee))
    first = body["results"][0]
    assert first["match"] == items[0].match.as_dict()
    # The opportunity summary is the opportunities list's.
    listed = api(org.employee).get("/api/v1/opportunities/?q=month-end").json()["results"][0]
    assert {k: v for k, v in first.items() if k != "match"} == listed
    assert first["match"]["matched"][0] == {
        "skill": "Python", "need": "required", "asked": 3, "held": 4, "verified": False, "credit": 1.0, "via": None,
        "via_level": None, "via_weight": None, "evidence": [],
    }
    assert first["match"]["missing"][0]["skill"] == "SQL"
    assert first["match"]["weights"] == {"fit": 0.55, "growth": 0.25, "preference": 0.2}
    assert set(first["match"]["components"]) == {"fit", "growth", "preference"}
    assert body["results"][1]["match"]["partial"][0]["credit"] == 0.68


def test_a_profile_edit_changes_the_very_next_feed_request(org):
    k8s = _org(org)
    client = api(org.employee)
    assert _titles(client.get(URL))[-1] == "Kubernetes rollout"
    people.set_skill(org.personas(org.employee), org.employee, k8s, 5)
    response = client.get(URL)
    assert _titles(response)[0] == "Kubernetes rollout"
    assert response.json()["results"][0]["match"]["matched"][0]["evidence"] == ["self-declared"]


def test_the_opportunities_filters_narrow_the_feed(org):
    _org(org)
    client = api(org.employee)
    assert _titles(client.get(URL + "?type=project")) == ["Kubernetes rollout"]
    assert _titles(client.get(URL + "?type=project&type=gig")) == [
        "Automate the month-end report", "Rewrite the ledger engine", "Kubernetes rollout",
    ]
    assert _titles(client.get(URL + "?skill=kubernetes")) == ["Kubernetes rollout"]
    assert _titles(client.get(URL + "?q=ledger")) == ["Rewrite the ledger engine"]
    assert _titles(client.get(URL + "?department=engineering")) == ["Kubernetes rollout"]
    assert _titles(client.get(URL + "?min_hours=5&max_hours=6")) == ["Rewrite the ledger engine"]
    assert _titles(client.get(URL + "?work_mode=onsite")) == []
    bad = client.get(URL + "?type=party&skill=nope")
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"type", "skill"}


def test_it_pages_with_page_and_page_size_up_to_fifty(org, django_assert_max_num_queries):
    # Distinct scores: gig i asks Python 3 (which Ada covers) and i skills she lacks, nice to have.
    python = org.gig.skills.get(slug="python")
    lacking = [f.SkillFactory(slug=f"lacking-{j}", label=f"Lacking {j}") for j in range(24)]
    for i in range(24):
        o = f.OpportunityFactory(owner=org.owner, title=f"Gig number {i:02d}")
        f.OpportunitySkillFactory(opportunity=o, skill=python, level=3)
        for skill in lacking[:i]:
            f.OpportunitySkillFactory(opportunity=o, skill=skill, level=1, need="nice_to_have")
    client = api(org.employee)
    client.get(URL)  # builds the index
    with django_assert_max_num_queries(14):
        first = client.get(URL + "?page_size=10").json()
    assert first["count"] == 25 and len(first["results"]) == 10
    assert first["next"] == "http://testserver/api/v1/me/feed/?page=2&page_size=10"
    third = client.get(first["next"].replace("page=2", "page=3")).json()
    assert len(third["results"]) == 5 and third["next"] is None
    assert third["previous"] == first["next"]
    everything = client.get(URL + "?page_size=50").json()
    assert [o["title"] for o in everything["results"][:10]] == [o["title"] for o in first["results"]]
    assert client.get(URL + "?page_size=51").status_code == 400
    assert client.get(URL + "?page=0").status_code == 400


def test_someone_without_a_profile_has_no_feed(org):
    response = api(org.talent_admin).get(URL)
    assert response.status_code == 404
    assert response.json()["detail"] == "You have no employee profile."
    assert APIClient().get(URL).status_code in (401, 403)


def test_match_explains_an_opportunity_to_the_viewer(org):
    response = api(org.employee).get(f"/api/v1/opportunities/{org.gig.public_id}/match/")
    assert response.status_code == 200
    assert response.json() == services.why(org.personas(org.employee), org.gig).as_dict()
    assert response.json()["matched"][0]["skill"] == "Python"


def test_match_is_404_when_there_is_nothing_to_explain(org):
    own = api(org.owner).get(f"/api/v1/opportunities/{org.gig.public_id}/match/")
    assert own.status_code == 404
    assert own.json()["detail"].startswith("Nothing to explain")
    assert api(org.talent_admin).get(f"/api/v1/opportunities/{org.gig.public_id}/match/").status_code == 404
    draft = f.OpportunityFactory(owner=org.owner, status="draft", published_at=None)
    assert api(org.employee).get(f"/api/v1/opportunities/{draft.public_id}/match/").status_code == 404
