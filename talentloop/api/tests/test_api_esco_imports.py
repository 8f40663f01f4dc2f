"""POST /api/v1/skills/esco-imports starts an ESCO import of the uploaded download (checked at once: a missing file
or column is a 400 naming it); GET .../esco-imports/<id> follows it. Talent and L&OD admins only."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from talentloop.notifications.tasks import send_digests
from talentloop.roles.models import Role
from talentloop.skills.models import SkillExternalId
from talentloop.skills.tests.test_import_esco_web import DATABASE_QUEUE, csv_files, esco_zip

URL = "/api/v1/skills/esco-imports"


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def enqueued():
    seen: list = []

    def record(sender, task_result, **kwargs):
        seen.append(task_result)

    task_enqueued.connect(record)
    yield seen
    task_enqueued.disconnect(record)


def uploads_left(settings) -> list[Path]:
    root = Path(settings.VAR_DIR) / "uploads" / "esco"
    return list(root.rglob("*")) if root.exists() else []


def test_an_admin_posts_the_zip_and_gets_the_summary(api, org, tmp_path, settings):
    c = api(org.talent_admin)
    response = c.post(URL, {"files": [esco_zip(tmp_path)]}, format="multipart")  # language defaults to en

    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "done"  # the immediate backend of the tests ran it at once
    assert body["url"] == f"http://testserver{URL}/{body['id']}" == response["Location"]
    follow = c.get(body["url"])
    assert follow.status_code == 200
    status = follow.json()
    assert (status["id"], status["status"]) == (body["id"], "done")
    summary = status["summary"]
    assert (summary["skills_created"], summary["skills_adopted"], summary["roles_created"]) == (7, 1, 3)
    assert "error" not in status
    assert SkillExternalId.objects.filter(scheme="esco").count() == 8
    assert Role.objects.exclude(external_uri="").count() == 3
    assert uploads_left(settings) == []


def test_an_lod_admin_posts_the_csv_files_with_their_language(api, org, settings):
    response = api(org.lod_admin).post(URL, {"files": csv_files(), "language": "en"}, format="multipart")
    assert response.status_code == 202 and response.json()["summary"]["roles_created"] == 3
    assert uploads_left(settings) == []


@pytest.mark.parametrize("files, message", [
    (lambda tmp: csv_files(drop="skills_en.csv"), "skills_en.csv: missing"),
    (lambda tmp: [esco_zip(tmp, replace=("occupationSkillRelations_en.csv", "occupationUri,", "occupation,"))],
     "occupationSkillRelations_en.csv: missing column 'occupationUri'"),
    (lambda tmp: [esco_zip(tmp, extra={"esco/../../evil.csv": "x\n"})], "refused, the entry 'esco/../../evil.csv'"),
])
def test_a_wrong_upload_is_a_400_naming_the_file_and_column_and_queues_nothing(api, org, tmp_path, settings, enqueued,
                                                                               files, message):
    response = api(org.talent_admin).post(URL, {"files": files(tmp_path)}, format="multipart")

    assert response.status_code == 400
    assert any(message in m for m in response.json()["errors"]["files"]), response.json()
    assert enqueued == [] and not SkillExternalId.objects.exists()
    assert uploads_left(settings) == []


def test_missing_files_and_unknown_fields_are_named(api, org, tmp_path):
    c = api(org.talent_admin)
    assert "files" in c.post(URL, {"language": "en"}, format="multipart").json()["errors"]
    errors = c.post(URL, {"file": esco_zip(tmp_path)}, format="multipart").json()["errors"]
    assert set(errors) == {"files", "file"}
    bad_language = c.post(URL, {"files": csv_files(), "language": "../en"}, format="multipart")
    assert bad_language.status_code == 400 and "language" in bad_language.json()["errors"]


@pytest.mark.parametrize("who", ["employee", "manager", "outsider"])
def test_only_talent_and_lod_admins_import(api, org, tmp_path, who, enqueued):
    c = api(getattr(org, who))
    assert c.post(URL, {"files": [esco_zip(tmp_path)]}, format="multipart").status_code == 403
    started = api(org.talent_admin).post(URL, {"files": csv_files()}, format="multipart").json()
    assert c.get(started["url"]).status_code == 403
    assert len(enqueued) == 1
    assert api().get(started["url"]).status_code in (401, 403)


def test_an_unknown_import_is_a_404(api, org, settings):
    c = api(org.talent_admin)
    assert c.get(f"{URL}/no-such-import").status_code == 404
    settings.TASKS = DATABASE_QUEUE
    assert c.get(f"{URL}/no-such-import").status_code == 404
    assert c.get(f"{URL}/6b3a8f0e-0000-4000-8000-000000000000").status_code == 404
    another_task = send_digests.enqueue("daily")  # a result of another task is not an ESCO import
    assert DBTaskResult.objects.filter(id=another_task.id).exists()
    assert c.get(f"{URL}/{another_task.id}").status_code == 404


# transactional_db: the worker closes the connection after its batch, as it does in production.
def test_with_the_database_queue_the_import_is_queued_then_done(transactional_db, api, org, tmp_path, settings):
    settings.TASKS = DATABASE_QUEUE
    c = api(org.talent_admin)
    body = c.post(URL, {"files": [esco_zip(tmp_path)]}, format="multipart").json()
    assert body["status"] == "queued" and "summary" not in body
    assert c.get(body["url"]).json()["status"] == "queued"

    call_command("worker", "--once", "--no-scheduler")

    status = c.get(body["url"]).json()
    assert status["status"] == "done" and status["summary"]["roles_created"] == 3
    assert uploads_left(settings) == []


def test_a_bad_row_is_reported_as_failed_with_file_row_and_column(api, org, tmp_path, settings):
    upload = esco_zip(tmp_path, replace=("occupations_en.csv", ",2512,", ",25x2,"))
    body = api(org.talent_admin).post(URL, {"files": [upload]}, format="multipart").json()
    assert body["status"] == "failed" and "summary" not in body
    assert any(where.startswith("occupations_en.csv row ") for where in body["errors"]), body
    assert "occupations_en.csv row" in body["error"]
    assert not SkillExternalId.objects.exists() and uploads_left(settings) == []
