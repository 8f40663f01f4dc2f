"""The home page shows each persona its own section; several personas see several sections."""

from django.contrib.auth.models import Group

from talentloop.accounts.personas import LOD_ADMIN_GROUP
from talentloop.marketplace.lifecycle import ApplicationStatus, OpportunityStatus, OpportunityType
from talentloop.testing import factories as f


def test_it_shows_the_employee_her_applications_matching_opportunities_and_profile_hints(org):
    other = f.OpportunityFactory(title="Mentor a new analyst", type=OpportunityType.MENTORSHIP)
    f.ApplicationFactory(opportunity=other, applicant=org.employee, status=ApplicationStatus.SHORTLISTED)
    unrelated = f.OpportunityFactory(title="Plan the summer party")
    f.OpportunitySkillFactory(opportunity=unrelated, skill=f.SkillFactory(slug="events", label="Event planning"))

    page = org.client(org.employee).get("/").text

    assert "Your open applications" in page
    assert "Mentor a new analyst" in page and "shortlisted" in page
    assert '<h2 id="matches-heading">For you</h2>' in page
    feed = page.split('<h2 id="matches-heading">For you</h2>')[1].split("</section>")[0]
    # The top of her feed, explained: the gig that uses her Python ranks above the one that uses nothing of hers.
    assert feed.index("Automate the month-end report") < feed.index("Plan the summer party")
    assert "Python: asked level 3, you hold 4" in feed
    assert "Mentor a new analyst" not in feed  # she applied
    assert "Complete your profile" in page
    assert "Add at least three skills" in page


def test_it_leaves_out_opportunities_she_owns_or_applied_to_from_the_matches(org):
    f.ApplicationFactory(opportunity=org.gig, applicant=org.employee)
    page = org.client(org.employee).get("/").text
    matches = page.split('<h2 id="matches-heading">For you</h2>')[1]
    assert "Automate the month-end report" not in matches


def test_it_shows_the_line_manager_her_reports_and_what_awaits_her_release(org):
    f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=ApplicationStatus.OFFERED)
    page = org.client(org.manager).get("/").text
    assert "Your team" in page
    assert "Ada Lovelace" in page and "Carl Colleague" in page
    assert "Waiting for your release" in page
    assert "Ada Lovelace is offered" in page
    assert "Automate the month-end report" in page


def test_it_shows_the_owner_her_opportunities_with_applicant_counts_by_status(org):
    f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=ApplicationStatus.APPLIED)
    f.ApplicationFactory(opportunity=org.gig, applicant=org.colleague, status=ApplicationStatus.SHORTLISTED)
    f.OpportunityFactory(owner=org.owner, title="Draft idea", status=OpportunityStatus.DRAFT, published_at=None)
    page = org.client(org.owner).get("/").text
    assert "Your opportunities" in page
    assert "Automate the month-end report" in page
    assert "1 applied, 1 shortlisted" in page
    assert "Draft idea" in page and "none yet" in page


def test_it_shows_the_lod_admin_taxonomy_counts_and_the_admin_link(org):
    page = org.client(org.lod_admin).get("/").text
    assert "Skills taxonomy" in page
    assert '<span class="stat">2</span> active skills' in page
    assert "/admin/skills/skill/" in page
    assert "Your open applications" not in page


def test_it_shows_the_talent_admin_organisation_counts_and_admin_links(org):
    f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=ApplicationStatus.OFFERED)
    page = org.client(org.talent_admin).get("/").text
    assert "Organisation at a glance" in page
    assert '<span class="stat">4</span> employees' in page
    assert '<span class="stat">1</span> open opportunities' in page
    assert "offered: <strong>1</strong>" in page
    assert "/admin/people/employee/" in page


def test_it_shows_every_section_to_a_person_with_several_personas(org):
    org.manager.user.groups.add(Group.objects.get(name=LOD_ADMIN_GROUP))
    page = org.client(org.manager).get("/").text
    for heading in ["Your open applications", "Your team", "Your opportunities", "Skills taxonomy"]:
        assert heading in page
    assert "Organisation at a glance" not in page


def test_it_shows_the_outsider_a_plain_page_with_nothing_private(org):
    f.ApplicationFactory(opportunity=org.gig, applicant=org.employee)
    page = org.client(org.outsider).get("/").text
    assert "No employee profile" in page
    for private in ["Ada", "Maria", "Olga", "Automate the month-end report", "Your team", "Skills taxonomy"]:
        assert private not in page
    assert 'href="/opportunities/"' not in page


def test_it_builds_the_employee_home_in_a_bounded_number_of_queries(org, django_assert_max_num_queries):
    for i in range(15):
        opportunity = f.OpportunityFactory(title=f"Python job {i}")
        f.OpportunitySkillFactory(opportunity=opportunity, skill=org.gig.skills.first())
        f.ApplicationFactory(applicant=org.employee, opportunity=f.OpportunityFactory())
    client = org.client(org.employee)
    client.get("/")  # the first request of a process builds the matching index
    with django_assert_max_num_queries(14):
        response = client.get("/")
    assert response.text.count("<summary>Why this match") == 5
