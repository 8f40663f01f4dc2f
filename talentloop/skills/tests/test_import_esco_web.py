"""The ESCO import page: an admin uploads the download (a ZIP or its CSVs), the files are checked at once, the import
runs as a background task and the status page follows it; a wrong upload is a form error and queues nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks.signals import task_enqueued

from talentloop.roles.models import Role
from talentloop.skills.models import Skill, SkillExternalId
from talentloop.skills.tests.test_import_esco import FIXTURES, PYTHON

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ATTRIBUTION = "This service uses the ESCO classification of the European Commission."
FOLDER = "ESCO dataset - v1.2.0 - classification - en - csv"  # the download keeps its CSVs in a folder like this


def esco_zip(tmp_path: Path, *, drop: str = "", replace: tuple[str, str, str] | None = None,
             extra: dict[str, str] | None = None) -> SimpleUploadedFile:
    """The fixture download zipped as ESCO ships it; `drop` leaves a file out, `replace` edits one (name, old, new),
    `extra` adds entries by name."""
    path = tmp_path / "esco.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for csv_file in sorted(FIXTURES.glob("*.csv")):
            if csv_file.name == drop:
                continue
            text = csv_file.read_text(encoding="utf-8")
            if replace and replace[0] == csv_file.name:
                assert replace[1] in text
                text = text.replace(replace[1], replace[2])
            archive.writestr(f"{FOLDER}/{csv_file.name}", text)
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return SimpleUploadedFile("ESCO dataset - v1.2.0 - classification - en - csv.zip", path.read_bytes(),
                              content_type="application/zip")


def csv_files(*, drop: str = "") -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(p.name, p.read_bytes(), content_type="text/csv")
            for p in sorted(FIXTURES.glob("*.csv")) if p.name != drop]


def uploads_left(settings) -> list[Path]:
    root = Path(settings.VAR_DIR) / "uploads" / "esco"
    return list(root.rglob("*")) if root.exists() else []


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def enqueued():
    """Every task enqueued while the test runs."""
    seen: list = []

    def record(sender, task_result, **kwargs):
        seen.append(task_result)

    task_enqueued.connect(record)
    yield seen
    task_enqueued.disconnect(record)


def esco_skills() -> int:
    return SkillExternalId.objects.filter(scheme="esco").count()


def test_a_talent_admin_uploads_the_zip_and_the_taxonomy_and_roles_land(org, tmp_path, settings):
    c = org.client(org.talent_admin)
    page = c.get(reverse("skills:import_esco"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'type="file"' in html and "multiple" in html and 'accept=".zip,.csv"' in html
    assert ATTRIBUTION in html

    upload = esco_zip(tmp_path, extra={f"{FOLDER}/README.txt": "not a CSV: ignored",
                                       f"__MACOSX/{FOLDER}/._skills_en.csv": "a resource fork: ignored"})
    response = c.post(reverse("skills:import_esco"), {"files": [upload], "language": "en"}, follow=True)

    assert response.status_code == 200
    [(status_url, _)] = response.redirect_chain
    html = response.content.decode()
    assert "Done." in html and ATTRIBUTION in html
    assert "7 created" in html and "1 adopted" in html and "1 not released (skipped)" in html  # skills; SQL was here
    assert "3 created" in html  # roles
    assert "hx-trigger" not in html  # finished: the page stops asking
    assert esco_skills() == 8
    assert SkillExternalId.objects.get(identifier=PYTHON).skill.label == "Python (computer programming)"
    assert Role.objects.exclude(external_uri="").count() == 3
    assert uploads_left(settings) == []  # the task deleted the upload
    assert c.get(status_url).status_code == 200  # and the status can be read again


def test_an_lod_admin_uploads_the_csv_files_themselves(org, settings):
    response = org.client(org.lod_admin).post(reverse("skills:import_esco"), {"files": csv_files(), "language": "en"},
                                              follow=True)
    assert "Done." in response.content.decode()
    assert esco_skills() == 8
    assert uploads_left(settings) == []


@pytest.mark.parametrize("upload, message", [
    (lambda tmp: [esco_zip(tmp, drop="occupations_en.csv")], "occupations_en.csv: missing"),
    (lambda tmp: csv_files(drop="occupationSkillRelations_en.csv"), "occupationSkillRelations_en.csv: missing"),
    (lambda tmp: [esco_zip(tmp, replace=("skills_en.csv", ",preferredLabel,", ",label,"))],
     "skills_en.csv: missing column &#x27;preferredLabel&#x27;"),
    (lambda tmp: [esco_zip(tmp, extra={"../../evil.csv": "conceptUri\n"})], "refused, the entry &#x27;../../evil.csv&#x27;"),
    (lambda tmp: [esco_zip(tmp, extra={"/etc/evil.csv": "conceptUri\n"})], "refused, the entry &#x27;/etc/evil.csv&#x27;"),
    (lambda tmp: [SimpleUploadedFile("notes.txt", b"hello")], "notes.txt: neither a ZIP nor a CSV file"),
    (lambda tmp: [SimpleUploadedFile("esco.zip", b"not a zip")], "esco.zip: not a ZIP file that can be read"),
])
def test_a_wrong_upload_is_a_form_error_and_nothing_is_queued_or_written(org, tmp_path, settings, enqueued, upload, message):
    response = org.client(org.talent_admin).post(reverse("skills:import_esco"), {"files": upload(tmp_path), "language": "en"})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert enqueued == [] and esco_skills() == 0
    assert uploads_left(settings) == []  # the refused upload is not kept
    assert not (tmp_path / "evil.csv").exists()


def test_another_language_looks_for_its_own_file_names(org, tmp_path, enqueued):
    response = org.client(org.talent_admin).post(reverse("skills:import_esco"), {"files": [esco_zip(tmp_path)], "language": "fr"})
    assert response.status_code == 400
    assert "skills_fr.csv: missing (found: broaderRelationsSkillPillar_en.csv" in response.content.decode()
    assert enqueued == []


def test_no_file_chosen_is_a_form_error(org):
    response = org.client(org.talent_admin).post(reverse("skills:import_esco"), {"language": "en"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_bad_row_fails_the_import_naming_file_row_and_column_and_writes_nothing(org, tmp_path, settings):
    upload = esco_zip(tmp_path, replace=("skills_en.csv", ",Python (computer programming),", ",,"))
    response = org.client(org.talent_admin).post(reverse("skills:import_esco"), {"files": [upload], "language": "en"},
                                                 follow=True)
    html = response.content.decode()
    assert "Failed." in html and "Nothing was imported." in html
    assert "skills_en.csv row 2: preferredLabel is empty" in html
    assert esco_skills() == 0 and Skill.objects.count() == 2  # the org's own two
    assert uploads_left(settings) == []


# transactional_db: the worker closes the connection after its batch, as it does in production.
def test_with_the_database_queue_the_page_follows_the_import_until_it_is_done(transactional_db, org, tmp_path, settings):
    settings.TASKS = DATABASE_QUEUE
    c = org.client(org.talent_admin)
    response = c.post(reverse("skills:import_esco"), {"files": [esco_zip(tmp_path)], "language": "en"})
    status_url = response["Location"]

    page = c.get(status_url).content.decode()
    assert "Queued." in page and 'hx-trigger="every 2s"' in page and f'hx-get="{status_url}"' in page
    assert esco_skills() == 0 and uploads_left(settings) != []  # waiting for the worker

    call_command("worker", "--once", "--no-scheduler")

    fragment = c.get(status_url, headers={"HX-Request": "true"})
    html = fragment.content.decode()
    assert "Done." in html and "hx-trigger" not in html and "<html" not in html  # the fragment alone, final
    assert esco_skills() == 8
    assert uploads_left(settings) == []


@pytest.mark.parametrize("who", ["employee", "manager", "outsider"])
def test_only_talent_and_lod_admins_import(org, tmp_path, who, enqueued):
    c = org.client(getattr(org, who))
    assert c.get(reverse("skills:import_esco")).status_code == 403
    assert c.post(reverse("skills:import_esco"), {"files": [esco_zip(tmp_path)], "language": "en"}).status_code == 403
    started = org.client(org.talent_admin).post(reverse("skills:import_esco"), {"files": csv_files(), "language": "en"})
    assert c.get(started["Location"]).status_code == 403
    assert len(enqueued) == 1  # the admin's only


def test_an_unknown_import_is_not_found(org, settings):
    c = org.client(org.talent_admin)
    assert c.get(reverse("skills:import_esco_status", args=["no-such-import"])).status_code == 404
    settings.TASKS = DATABASE_QUEUE
    assert c.get(reverse("skills:import_esco_status", args=["no-such-import"])).status_code == 404
    assert c.get(reverse("skills:import_esco_status", args=["6b3a8f0e-0000-4000-8000-000000000000"])).status_code == 404


def test_the_home_page_links_the_import_for_both_admins(org):
    for who in (org.talent_admin, org.lod_admin):
        assert reverse("skills:import_esco") in org.client(who).get(reverse("home")).content.decode()
    assert reverse("skills:import_esco") not in org.client(org.employee).get(reverse("home")).content.decode()
