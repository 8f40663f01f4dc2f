"""The preferences page: the defaults, saving, and a bad value named on its field."""

from __future__ import annotations

import re

from talentloop.notifications.models import NotificationPreference


def _checked(html: str) -> set[str]:
    """name (or name=value for radios) of every checked input."""
    out = set()
    for tag in re.findall(r"<input [^>]*>", html):
        if " checked" in tag:
            name = re.search(r'name="([^"]+)"', tag).group(1)
            value = re.search(r'value="([^"]+)"', tag)
            out.add(f"{name}={value.group(1)}" if 'type="radio"' in tag else name)
    return out


def test_it_shows_the_defaults_without_saving_anything(org, settings):
    settings.TALENTLOOP_DIGEST_HOUR = 7
    html = org.client(org.employee).get("/notifications/preferences/").text
    assert _checked(html) == {"email_waiting_on_you", "email_applications", "email_digest", "digest_frequency=weekly"}
    assert "You have not had a digest yet." in html
    assert "Daily digests go out at 07:00, weekly ones on Mondays at 07:00" in html
    assert not NotificationPreference.objects.exists()


def test_it_saves_the_choices(org):
    client = org.client(org.employee)
    response = client.post("/notifications/preferences/", {"email_activity": "on", "digest_frequency": "daily"})
    assert response.status_code == 302 and response["Location"] == "/notifications/preferences/"
    pref = NotificationPreference.objects.get(user=org.employee.user)
    assert (pref.email_waiting_on_you, pref.email_applications, pref.email_activity, pref.email_digest) == (False, False, True, False)
    assert pref.digest_frequency == "daily"
    page = client.get("/notifications/preferences/").text
    assert "Notification preferences saved." in page
    assert _checked(page) == {"email_activity", "digest_frequency=daily"}


def test_it_names_the_field_of_a_bad_value(org):
    response = org.client(org.employee).post("/notifications/preferences/", {"digest_frequency": "hourly"})
    assert response.status_code == 400
    assert 'id="id_digest_frequency_error"' in response.text
    assert "Select a valid choice. hourly is not one of the available choices." in response.text
    assert not NotificationPreference.objects.exists()


def test_an_account_without_employee_profile_has_preferences_too(org):
    response = org.client(org.outsider).post("/notifications/preferences/", {"digest_frequency": "off"})
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=org.outsider).digest_frequency == "off"
