"""Signing in and out through the web pages."""

from django.test import Client

from talentloop.testing.factories import PASSWORD


def test_it_signs_in_with_username_and_password_and_lands_on_her_home_page(org):
    client = Client()
    response = client.post("/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    home = client.get("/")
    assert "Hello, Ada" in home.text
    assert "Signed in as <strong>Ada Lovelace</strong>" in home.text


def test_it_names_the_problem_when_the_password_is_wrong(org):
    client = Client()
    response = client.post("/login/", {"username": "ada", "password": "not it"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text
    assert "_auth_user_id" not in client.session


def test_it_signs_out_with_a_post_form_and_forgets_the_session(org):
    client = org.client(org.employee)
    home = client.get("/")
    assert '<form method="post" action="/logout/"' in home.text
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert client.get("/")["Location"] == "/login/?next=/"


def test_it_sends_visitors_who_are_not_signed_in_to_the_sign_in_page(db):
    for url in ["/", "/me/", "/opportunities/", "/applications/", "/team/", "/skills/typeahead/?q=py"]:
        response = Client().get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url


def test_it_keeps_the_page_she_asked_for_after_signing_in(org):
    client = Client()
    page = client.get("/login/?next=/opportunities/")
    assert 'name="next" value="/opportunities/"' in page.text
    response = client.post("/login/", {"username": "ada", "password": PASSWORD, "next": "/opportunities/"})
    assert response["Location"] == "/opportunities/"
