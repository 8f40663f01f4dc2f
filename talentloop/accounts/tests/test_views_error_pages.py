"""Friendly error pages: 400, 403, 404, 409 with the next steps, and a 500 that never touches the database."""

from django.test import RequestFactory

from talentloop.accounts.views import error_400, error_500
from talentloop.marketplace.lifecycle import OpportunityStatus


def test_it_answers_an_unknown_page_with_the_friendly_404_inside_the_layout(org):
    response = org.client(org.employee).get("/opportunities/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Signed in as <strong>Ada Lovelace</strong>" in response.text


def test_it_explains_a_403_in_words(org):
    response = org.client(org.employee).get("/team/")
    assert response.status_code == 403
    assert "You are not allowed to do that" in response.text
    assert "nobody reports to you" in response.text


def test_it_answers_a_conflicting_state_with_409_and_the_steps_still_allowed(org):
    client = org.client(org.owner)
    client.post(f"/opportunities/{org.gig.public_id}/status/", {"to": OpportunityStatus.CANCELLED})
    response = client.post(f"/opportunities/{org.gig.public_id}/status/", {"to": OpportunityStatus.OPEN})
    assert response.status_code == 409
    assert "That is not possible now" in response.text
    assert "An opportunity that is cancelled cannot become open" in response.text
    assert "There is nothing more you can do with it." in response.text


def test_it_renders_the_500_page_without_a_single_query(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = error_500(request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_it_renders_the_400_page(org):
    request = RequestFactory().get("/")
    request.user = org.employee.user
    response = error_400(request)
    assert response.status_code == 400
    assert "That did not work" in response.content.decode()
