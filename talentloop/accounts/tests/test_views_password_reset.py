"""Resetting a forgotten password by email."""

import re

from django.core import mail
from django.test import Client

from talentloop.testing.factories import PASSWORD

NEW_PASSWORD = "a brand new long passphrase"


def _reset_link(message) -> str:
    match = re.search(r"http://testserver(/password-reset/[^/\s]+/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_it_emails_a_link_with_which_she_chooses_a_new_password(org):
    client = Client()
    response = client.post("/password-reset/", {"email": "ada@example.test"})
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.test"]
    assert message.subject == "Talentloop: choose a new password"
    assert "Hello Ada Lovelace" in message.body

    form_page = client.get(_reset_link(message), follow=True)
    assert "Choose a new password" in form_page.text
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == "/password-reset/done/"
    assert "Your password is changed" in client.get("/password-reset/done/").text

    assert Client().login(username="ada", password=NEW_PASSWORD)
    assert not Client().login(username="ada", password=PASSWORD)


def test_it_answers_the_same_for_an_unknown_address_and_sends_nothing(org):
    response = Client().post("/password-reset/", {"email": "nobody@example.test"})
    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox == []


def test_it_refuses_a_link_that_was_already_used(org):
    client = Client()
    client.post("/password-reset/", {"email": "ada@example.test"})
    link = _reset_link(mail.outbox[0])
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = Client().get(link, follow=True)
    assert "This link no longer works" in again.text


def test_it_names_the_field_when_the_new_passwords_differ(org):
    client = Client()
    client.post("/password-reset/", {"email": "ada@example.test"})
    page = client.get(_reset_link(mail.outbox[0]), follow=True)
    response = client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": "something else"})
    assert response.status_code == 200
    assert 'id="id_new_password2_error"' in response.text
    assert "The two password fields didn" in response.text
