"""My profile page: summary, availability and visibility, read and edited through the forms."""

from talentloop.people.models import ProfileVisibility, WorkMode
from talentloop.testing import factories as f


def test_it_shows_her_profile_with_every_section(org):
    page = org.client(org.employee).get("/me/").text
    assert "Ada Lovelace · Software engineer · Engineering · reports to Maria Manager" in page
    for heading in ["About you and your availability", "Skills", "Aspirations", "Visibility", "API tokens"]:
        assert heading in page
    assert "Python" in page and "4 · advanced" in page
    assert 'value="8"' in page  # weekly hours
    assert '<label for="id_summary">Summary</label>' in page


def test_it_saves_summary_and_availability_and_redirects(org):
    london = f.LocationFactory(slug="london", name="London")
    client = org.client(org.employee)
    response = client.post(
        "/me/profile/",
        {"summary": "I automate reports.", "weekly_hours_available": "12", "work_mode": WorkMode.REMOTE, "location": "london"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/me/#profile"
    org.employee.refresh_from_db()
    assert org.employee.summary == "I automate reports."
    assert org.employee.weekly_hours_available == 12
    assert org.employee.work_mode == WorkMode.REMOTE
    assert org.employee.location == london
    assert "Your profile is saved." in client.get("/me/").text


def test_it_names_the_field_when_hours_are_out_of_range(org):
    response = org.client(org.employee).post(
        "/me/profile/", {"summary": "", "weekly_hours_available": "99", "work_mode": WorkMode.HYBRID}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert 'aria-describedby="id_weekly_hours_available_helptext id_weekly_hours_available_error"' in response.text
    assert 'id="id_weekly_hours_available_error">Ensure this value is less than or equal to 60.' in response.text
    org.employee.refresh_from_db()
    assert org.employee.weekly_hours_available == 8


def test_it_saves_visibility_settings(org):
    client = org.client(org.employee)
    response = client.post("/me/visibility/", {
        "profile_visibility": ProfileVisibility.ORGANISATION,
        "share_skills_with_owners": "on",
        "share_aspirations_with_manager": "on",
    })
    assert response["Location"] == "/me/#visibility"
    org.employee.refresh_from_db()
    assert org.employee.profile_visibility == ProfileVisibility.ORGANISATION
    assert org.employee.open_to_opportunities is False  # unticked
    assert org.employee.share_skills_with_owners is True
    assert org.employee.share_availability_with_owners is False
    assert org.employee.share_aspirations_with_manager is True


def test_it_rejects_an_unknown_visibility_naming_the_field(org):
    response = org.client(org.employee).post("/me/visibility/", {"profile_visibility": "everyone"})
    assert response.status_code == 400
    assert 'id="id_profile_visibility_error">Select a valid choice.' in response.text


def test_it_shows_the_outsider_no_profile_and_refuses_edits(org):
    client = org.client(org.outsider)
    page = client.get("/me/").text
    assert "no employee profile" in page
    assert "Ada" not in page and "Python" not in page
    response = client.post("/me/profile/", {"summary": "x", "weekly_hours_available": "1", "work_mode": "remote"})
    assert response.status_code == 403
