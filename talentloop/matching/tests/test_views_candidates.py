"""Hidden talent: the owner (or a talent admin) finds people who opted in, ranked and explained from the owner's
side, narrows them with a free query, and invites one to apply."""

from __future__ import annotations

import re

import pytest

from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityStatus
from talentloop.marketplace.models import Application
from talentloop.people.models import WorkMode
from talentloop.testing import factories as f

X = "\N{MULTIPLICATION SIGN}"


def _names(html: str) -> list[str]:
    section = html.split('<section aria-labelledby="candidates-heading">')[1].split("</section>")[0]
    return re.findall(r'<h3>(?:<a href="/people/[0-9a-f-]+/">)?([^<]+?)(?:</a>)?\s*(?:<small|</h3>)', section)


def _url(org) -> str:
    return f"/opportunities/{org.gig.public_id}/candidates/"


@pytest.fixture
def kim(org):
    """Opted in, Python 3 (self-declared), Kubernetes 4, remote with 10 free hours; shares neither skills nor hours."""
    kim = f.EmployeeFactory(user__username="kim", user__first_name="Kim", user__last_name="Kubernetes", job_title="SRE",
                            open_to_opportunities=True, weekly_hours_available=10, work_mode=WorkMode.REMOTE,
                            share_skills_with_owners=False, share_availability_with_owners=False)
    f.EmployeeSkillFactory(employee=kim, skill=org.gig.skills.get(slug="python"), proficiency=3)
    f.EmployeeSkillFactory(employee=kim, skill=f.SkillFactory(slug="kubernetes", label="Kubernetes"), proficiency=4)
    return kim


def test_it_ranks_only_people_who_opted_in_and_explains_them_from_the_owners_side(org, kim):
    f.EmployeeSkillFactory(employee=org.colleague, skill=org.gig.skills.get(slug="python"), proficiency=5)  # not opted in
    response = org.client(org.owner).get(_url(org))
    assert response.status_code == 200
    page = response.text
    assert _names(page) == ["Ada Lovelace", "Kim Kubernetes"]
    assert "Carl" not in page
    assert '<h2 id="candidates-heading">2 candidates</h2>' in page
    assert "Software engineer · Engineering" in page
    # The owner's side: fit, interest, availability and the exposure discount.
    for component in ("Skill fit", "Interest", "Availability", "Exposure discount"):
        assert f"<li><strong>{component}</strong> " in page
    assert "Python: asked level 3, holds 4 · self-declared" in page
    assert "<strong>Skill fit</strong> 0.71, weight 0.75" in page
    assert "<strong>Exposure discount</strong> 1.00, multiplies the score" in page
    # Ada: Python covered, SQL (nice to have) missing; no stated wishes; 8 free hours for a 4-hour gig.
    assert f"Score 0.67 = (0.75 {X} 0.71 + 0.15 {X} 0.25 + 0.10 {X} 1.00) {X} 1.00" in page


def test_it_shows_only_what_each_person_shares_with_owners(org, kim):
    page = org.client(org.owner).get(_url(org)).text
    ada, kim_card = page.split("Kim Kubernetes</a>")[0], page.split("Kim Kubernetes</a>")[1]
    assert "Software engineer · Engineering · 8 h/week free · hybrid" in ada
    assert "Python · 4" in ada
    assert "SRE · " in kim_card and "h/week free" not in kim_card.split("</p>")[0]
    assert "Skills not shared." in kim_card
    # Her levels stay hidden in the explanation too: what was asked and the credit, not what she holds.
    assert "Python: asked level 3 · 85% credit" in kim_card
    assert "holds 3" not in kim_card


def test_a_talent_admin_may_search_too(org, kim):
    response = org.client(org.talent_admin).get(_url(org))
    assert response.status_code == 200
    assert _names(response.text) == ["Ada Lovelace", "Kim Kubernetes"]
    assert "Python: asked level 3, holds 3" in response.text  # an admin sees everything


@pytest.mark.parametrize("who", ["outsider", "employee", "manager", "colleague", "lod_admin"])
def test_anyone_else_gets_403(org, who):
    response = org.client(getattr(org, who)).get(_url(org))
    assert response.status_code == 403
    assert "Only the owner" in response.text
    post = org.client(getattr(org, who)).post(_url(org) + "invite/", {"employee": org.employee.public_id})
    assert post.status_code == 403
    assert not Application.objects.exists()


def test_an_opportunity_the_viewer_cannot_see_is_404(org):
    draft = f.OpportunityFactory(owner=org.owner, status=OpportunityStatus.DRAFT, published_at=None)
    assert org.client(org.employee).get(f"/opportunities/{draft.public_id}/candidates/").status_code == 404
    assert org.client(org.owner).get(f"/opportunities/{draft.public_id}/candidates/").status_code == 200


def test_the_free_query_narrows_the_list_and_says_what_it_understood(org, kim):
    page = org.client(org.owner).get(_url(org), {"q": "Kubernetes at level 3 or more, 8 free hours a week, remote, telepathy"}).text
    assert _names(page) == ["Kim Kubernetes"]
    assert '<span class="badge">Kubernetes at level 3 or more</span>' in page
    assert '<span class="badge">at least 8 free hours a week</span>' in page
    assert '<span class="badge">works or wants to work remote</span>' in page
    assert "Not understood, so not used: “telepathy”." in page
    assert 'value="Kubernetes at level 3 or more, 8 free hours a week, remote, telepathy"' in page
    nobody = org.client(org.owner).get(_url(org), {"q": "Kubernetes at level 5"}).text
    assert _names(nobody) == []
    assert "No one who opted in fits this search right now" in nobody


def test_inviting_from_the_result_creates_one_invitation_and_shows_it(org, kim):
    client = org.client(org.owner)
    response = client.post(_url(org) + "invite/", {"employee": org.employee.public_id, "q": "Python"})
    assert response.status_code == 302
    assert response["Location"] == _url(org) + "?q=Python"
    application = Application.objects.get(opportunity=org.gig, applicant=org.employee)
    assert application.status == ApplicationStatus.INVITED
    page = client.get(response["Location"]).text
    assert "Ada Lovelace is invited to apply to “Automate the month-end report”." in page
    assert _names(page) == ["Kim Kubernetes"]  # an invited person has a live application: no longer a candidate
    invited = page.split('<h2 id="invited-heading">Already invited or applied</h2>')[1]
    assert "Ada Lovelace" in invited and '<span class="badge badge-invited">invited</span>' in invited
    again = client.post(_url(org) + "invite/", {"employee": org.employee.public_id}, follow=True)
    assert "Ada Lovelace is already invited for “Automate the month-end report”." in again.text
    assert Application.objects.filter(opportunity=org.gig).count() == 1


def test_someone_the_owner_cannot_see_cannot_be_invited(org):
    response = org.client(org.owner).post(_url(org) + "invite/", {"employee": org.colleague.public_id}, follow=True)
    assert "employee: Unknown employee." in response.text
    assert not Application.objects.exists()


def test_the_list_takes_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    python = org.gig.skills.get(slug="python")
    for i in range(30):
        person = f.EmployeeFactory(open_to_opportunities=True, weekly_hours_available=8)
        f.EmployeeSkillFactory(employee=person, skill=python, proficiency=1 + i % 5)
    client = org.client(org.owner)
    client.get(_url(org))  # builds the index
    with django_assert_max_num_queries(20):
        page = client.get(_url(org)).text
    assert len(_names(page)) == 31
