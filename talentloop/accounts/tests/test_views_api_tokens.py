"""Personal API tokens on the profile page: created with a name, the secret shown once, revoked."""

from talentloop.accounts.models import PersonalToken, hash_token


def test_it_creates_a_token_and_shows_its_secret_exactly_once(org):
    client = org.client(org.employee)
    response = client.post("/me/tokens/", {"token-name": "skills export"})
    assert response.status_code == 302
    assert response["Location"] == "/me/"

    page = client.get("/me/").text
    assert "copy it now, it will not be shown again" in page
    secret = page.split('<p class="secret" id="new-token-secret">')[1].split("</p>")[0]
    assert secret.startswith("tl_")
    token = PersonalToken.objects.get(user=org.employee.user, name="skills export")
    assert token.key_hash == hash_token(secret)

    again = client.get("/me/").text
    assert secret not in again
    assert "skills export" in again and token.prefix in again


def test_it_names_the_field_when_the_name_is_missing_or_taken(org):
    client = org.client(org.employee)
    empty = client.post("/me/tokens/", {"token-name": ""})
    assert empty.status_code == 400
    assert 'id="id_token-name_error"' in empty.text
    assert 'aria-invalid="true"' in empty.text

    client.post("/me/tokens/", {"token-name": "ci"})
    taken = client.post("/me/tokens/", {"token-name": "ci"})
    assert taken.status_code == 409
    assert "You already have a token named &#x27;ci&#x27;." in taken.text


def test_it_revokes_her_own_token_but_not_someone_elses(org):
    client = org.client(org.employee)
    client.post("/me/tokens/", {"token-name": "old script"})
    token = PersonalToken.objects.get(name="old script")

    assert org.client(org.owner).post(f"/me/tokens/{token.pk}/revoke/").status_code == 404
    assert PersonalToken.objects.filter(pk=token.pk).exists()

    response = client.post(f"/me/tokens/{token.pk}/revoke/")
    assert response["Location"] == "/me/"
    assert not PersonalToken.objects.filter(pk=token.pk).exists()


def test_it_lets_an_account_without_employee_profile_keep_tokens_too(org):
    client = org.client(org.talent_admin)
    page = client.get("/me/").text
    assert "no employee profile" in page
    assert "API tokens" in page
    assert client.post("/me/tokens/", {"token-name": "admin script"}).status_code == 302
