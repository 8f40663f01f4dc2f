"""The staffing page: a talent admin runs the optimiser over open opportunities, reads the proposal with its
explanations, and turns it into invitations (idempotently)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityStatus, OpportunityType
from talentloop.marketplace.models import Application
from talentloop.people.models import WorkMode
from talentloop.testing import factories as f

URL = "/staffing/"


@pytest.fixture
def staffing_org(org):
    """Olga's gig (1 seat, 4 h, Python 3) and Maria's project (2 seats, 6 h, Python 2); four people opted in."""
    python = org.gig.skills.get(slug="python")
    sales = f.DepartmentFactory(slug="sales", name="Sales")
    project = f.OpportunityFactory(owner=org.manager, title="Build the data warehouse", type=OpportunityType.PROJECT,
                                   seats=2, hours_per_week=6)
    f.OpportunitySkillFactory(opportunity=project, skill=python, level=2)
    people = {"ada": org.employee}
    for name, hours, level, department in [("ben", 10, 3, sales), ("cleo", 5, 5, sales), ("dev", 6, 2, org.employee.department)]:
        person = f.EmployeeFactory(user__username=name, user__first_name=name.capitalize(), user__last_name="Person",
                                   open_to_opportunities=True, weekly_hours_available=hours, department=department,
                                   work_mode=WorkMode.REMOTE)
        f.EmployeeSkillFactory(employee=person, skill=python, proficiency=level)
        people[name] = person
    return {"project": project, "people": people, "sales": sales}


def _pairs(html: str) -> list[str]:
    return re.findall(r'<input type="hidden" name="pair" value="([0-9a-f-]+:[0-9a-f-]+)">', html)


@pytest.mark.parametrize("who", ["employee", "owner", "manager", "outsider", "lod_admin"])
def test_only_talent_admins_may_use_it(org, who):
    client = org.client(getattr(org, who))
    assert client.get(URL).status_code == 403
    assert client.get(URL + "?run=1").status_code == 403
    response = client.post(URL + "invitations/", {"pair": f"{org.gig.public_id}:{org.employee.public_id}"})
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_the_page_offers_the_choices_and_proposes_only_when_asked(org, staffing_org):
    page = org.client(org.talent_admin).get(URL).text
    assert '<a href="/staffing/" aria-current="page">Staffing</a>' in page
    assert '<button type="submit" name="run" value="1">Propose staffing</button>' in page
    assert 'name="type" value="gig"' in page and 'name="share_department"' in page
    assert "Proposal" not in page


def test_the_proposal_fills_seats_within_hours_and_explains_each_choice(org, staffing_org):
    response = org.client(org.talent_admin).get(URL, {"run": "1"})
    assert response.status_code == 200
    page = response.text
    assert "Solver: <strong>optimal</strong>" in page
    pairs = _pairs(page)
    assert len(pairs) == 3  # 1 + 2 seats
    assert '<span class="stat">3</span> of 3 free seats filled' in page
    by_opportunity = Counter(p.split(":")[0] for p in pairs)
    assert by_opportunity == {str(org.gig.public_id): 1, str(staffing_org["project"].public_id): 2}
    hours = {str(org.gig.public_id): 4, str(staffing_org["project"].public_id): 6}
    people = {str(e.public_id): e for e in staffing_org["people"].values()}
    booked: dict[str, int] = defaultdict(int)
    for pair in pairs:
        opportunity, person = pair.split(":")
        booked[person] += hours[opportunity]
    assert all(booked[p] <= people[p].weekly_hours_available for p in booked)
    assert page.count('<summary>Why this match') == 3
    assert "Exposure discount" in page
    assert '<button type="submit">Send invitations (3)</button>' in page


def test_filters_and_a_minimum_share_shape_the_proposal(org, staffing_org):
    client = org.client(org.talent_admin)
    gigs_only = client.get(URL, {"run": "1", "type": "gig"}).text
    assert {p.split(":")[0] for p in _pairs(gigs_only)} == {str(org.gig.public_id)}
    finance = client.get(URL, {"run": "1", "department": "finance"}).text
    assert {p.split(":")[0] for p in _pairs(finance)} == {str(org.gig.public_id)}
    sales = {str(p.public_id) for p in staffing_org["people"].values() if p.department_id == staffing_org["sales"].pk}
    shared = client.get(URL, {"run": "1", "share_department": "sales", "share": "100"}).text
    chosen = [p.split(":")[1] for p in _pairs(shared)]
    assert chosen and set(chosen) <= sales
    assert f"{len(chosen)} of {len(chosen)} proposed seats go to people of Sales (at least 100% asked)." in shared
    bad = client.get(URL, {"run": "1", "share_department": "sales"})
    assert bad.status_code == 400
    assert "Give the share for the department you chose." in bad.text


def test_sending_the_invitations_invites_every_pair_once(org, staffing_org):
    client = org.client(org.talent_admin)
    page = client.get(URL, {"run": "1", "type": "project"}).text
    pairs = _pairs(page)
    assert len(pairs) == 2
    back = re.search(r'<input type="hidden" name="back" value="([^"]+)">', page).group(1)
    assert back == "/staffing/?type=project"
    response = client.post(URL + "invitations/", {"pair": pairs, "back": back, "message": "We think you would fit."})
    assert response.status_code == 302 and response["Location"] == back
    invited = Application.objects.filter(opportunity=staffing_org["project"], status=ApplicationStatus.INVITED)
    assert sorted(str(a.applicant.public_id) for a in invited) == sorted(p.split(":")[1] for p in pairs)
    assert client.get(back).text.count("2 invitations sent.") == 1
    again = client.post(URL + "invitations/", {"pair": pairs, "back": back}, follow=True)
    assert "0 invitations sent, 2 already invited or applied." in again.text
    assert Application.objects.count() == 2


def test_each_pair_is_checked_again_when_invited(org, staffing_org):
    client = org.client(org.talent_admin)
    pairs = _pairs(client.get(URL, {"run": "1"}).text)
    org.gig.status = OpportunityStatus.CLOSED
    org.gig.save()
    response = client.post(URL + "invitations/", {"pair": pairs}, follow=True)
    assert "2 invitations sent, 1 skipped." in response.text
    assert "This opportunity is closed; publish it before inviting." in response.text
    assert not Application.objects.filter(opportunity=org.gig).exists()


def test_tampered_pairs_are_refused(org):
    response = org.client(org.talent_admin).post(URL + "invitations/", {"pair": "not-a-pair"})
    assert response.status_code == 400
    assert "Not a proposed pair: not-a-pair." in response.text


def test_a_proposal_takes_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    python = org.gig.skills.get(slug="python")
    for _ in range(10):
        f.OpportunitySkillFactory(opportunity=f.OpportunityFactory(owner=org.owner, seats=3), skill=python, level=2)
    for i in range(30):
        person = f.EmployeeFactory(open_to_opportunities=True, weekly_hours_available=8)
        f.EmployeeSkillFactory(employee=person, skill=python, proficiency=1 + i % 5)
    client = org.client(org.talent_admin)
    client.get(URL, {"run": "1"})  # builds the index
    with django_assert_max_num_queries(13):
        page = client.get(URL, {"run": "1"}).text
    assert len(_pairs(page)) == page.count("<summary>Why this match") > 20
