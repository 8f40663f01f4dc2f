"""The owner's applicants page and my applications: what each shows, to whom, and in how many queries."""

from talentloop.marketplace.lifecycle import ApplicationStatus
from talentloop.testing import factories as f


def test_it_shows_the_owner_applicants_with_what_they_share(org):
    org.employee.share_availability_with_owners = False
    org.employee.save()
    f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, message="Pick me")
    page = org.client(org.owner).get(f"/opportunities/{org.gig.public_id}/applicants/").text
    assert f'<a href="/people/{org.employee.public_id}/">Ada Lovelace</a>' in page
    assert "Pick me" in page
    assert "Python · 4" in page
    assert "h/week free" not in page
    assert "0 of 1 seats taken" in page


def test_it_shows_the_applicants_page_only_to_the_owner(org):
    f.ApplicationFactory(opportunity=org.gig, applicant=org.employee)
    url = f"/opportunities/{org.gig.public_id}/applicants/"
    assert org.client(org.employee).get(url).status_code == 403
    assert org.client(org.manager).get(url).status_code == 403
    outsider = org.client(org.outsider).get(url)
    assert outsider.status_code == 404
    assert "Ada" not in outsider.text


def test_it_lists_many_applicants_in_a_bounded_number_of_queries(org, django_assert_max_num_queries):
    for i in range(25):
        applicant = f.EmployeeFactory(open_to_opportunities=i % 2 == 0)
        f.EmployeeSkillFactory(employee=applicant)
        f.ApplicationFactory(opportunity=org.gig, applicant=applicant,
                             status=[ApplicationStatus.APPLIED, ApplicationStatus.SHORTLISTED][i % 2])
    client = org.client(org.owner)
    with django_assert_max_num_queries(16):
        response = client.get(f"/opportunities/{org.gig.public_id}/applicants/")
    assert response.text.count('class="badge badge-applied"') == 13


def test_it_lists_her_applications_with_status_history_and_allowed_moves(org):
    f.ApplicationFactory(opportunity=org.gig, applicant=org.employee, status=ApplicationStatus.APPLIED)
    page = org.client(org.employee).get("/applications/").text
    assert "Automate the month-end report" in page
    assert '<span class="badge badge-applied">applied</span>' not in page  # badges are <small> here
    assert '<small class="badge badge-applied">applied</small>' in page
    assert "owner Olga Owner" in page
    assert 'name="to" value="withdrawn"' in page


def test_it_lists_many_applications_in_a_bounded_number_of_queries(org, django_assert_max_num_queries):
    for _ in range(25):
        f.ApplicationFactory(applicant=org.employee, opportunity=f.OpportunityFactory())
    client = org.client(org.employee)
    with django_assert_max_num_queries(12):
        response = client.get("/applications/")
    assert response.text.count("Withdraw") == 25


def test_it_shows_the_outsider_no_applications(org):
    f.ApplicationFactory(opportunity=org.gig, applicant=org.employee)
    page = org.client(org.outsider).get("/applications/").text
    assert "no employee profile" in page
    assert "Automate" not in page
