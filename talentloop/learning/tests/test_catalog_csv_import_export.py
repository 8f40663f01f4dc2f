"""CSV import and export of the catalog: every problem by row and column, nothing imported if any row is bad,
re-import updates by slug, and an export imports again unchanged."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from talentloop.errors import Forbidden, InvalidInput
from talentloop.learning import catalog_csv, services
from talentloop.learning.models import LearningItem, LearningItemSkill
from talentloop.learning.tests.factories import LearningItemFactory
from talentloop.testing.factories import SkillFactory

pytestmark = pytest.mark.django_db
HEADER = "slug,title,kind,provider,url,duration_minutes,format,compliance,activity_id,skills,description\n"
GOOD = HEADER + (
    "sql-basics,SQL basics,course,Academy,https://learn.example.test/sql,90,online,false,https://lms.example.test/sql,sql:2,Select and join\n"
    "sql-exam,SQL exam,assessment,Academy,,45,self_paced,no,,sql:3;python:2,\n"
    'gdpr,Data protection,module,Legal,,30,classroom,true,,,"Annual, required\nrefresher"\n'
)


@pytest.fixture
def skills(db):
    return [SkillFactory(slug="sql", label="SQL"), SkillFactory(slug="python", label="Python")]


def taught(slug: str) -> dict[str, int]:
    return dict(LearningItemSkill.objects.filter(item__slug=slug).values_list("skill__slug", "target_level"))


def test_it_imports_items_with_their_skills(skills):
    summary = services.import_catalog(None, GOOD)
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    exam = LearningItem.objects.get(slug="sql-exam")
    assert (exam.kind, exam.format, exam.duration_minutes, exam.compliance) == ("assessment", "self_paced", 45, False)
    assert taught("sql-exam") == {"sql": 3, "python": 2}
    gdpr = LearningItem.objects.get(slug="gdpr")
    assert gdpr.compliance and gdpr.description == "Annual, required\nrefresher"
    assert LearningItem.objects.get(slug="sql-basics").activity_id == "https://lms.example.test/sql"


def test_a_reimport_updates_by_slug_and_sets_the_skills(skills):
    services.import_catalog(None, GOOD)
    changed = GOOD.replace("SQL exam,assessment", "SQL practitioner exam,assessment").replace("sql:3;python:2", "sql:4")
    summary = services.import_catalog(None, changed)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    assert LearningItem.objects.get(slug="sql-exam").title == "SQL practitioner exam"
    assert taught("sql-exam") == {"sql": 4}
    assert LearningItem.objects.count() == 3


@pytest.mark.parametrize(
    ("line", "where", "message"),
    [
        ("x,X,course,,,,,,,cobol:3,", "row 3, column skills", "unknown skill 'cobol'"),
        ("x,X,course,,,,,,,sql:7,", "row 3, column skills", "level '7' of 'sql' is not a proficiency from 1 to 5"),
        ("x,X,course,,,,,,,sql,", "row 3, column skills", "'sql' is not skill:level"),
        ("x,X,course,,,,,,,sql:2;sql:3,", "row 3, column skills", "skill 'sql' is listed twice"),
        ("x,X,podcast,,,,,,,,", "row 3, column kind", "unknown kind 'podcast'"),
        ("x,X,course,,,,webinar,,,,", "row 3, column format", "unknown format 'webinar'"),
        ("x,X,course,,ftp://a.test/x,,,,,,", "row 3, column url", "is not an http(s) address"),
        ("x,X,course,,,ninety,,,,,", "row 3, column duration_minutes", "'ninety' is not a whole number"),
        ("x,X,course,,,,,maybe,,,", "row 3, column compliance", "'maybe' is not true or false"),
        ("x,X,course,,,,,,not an iri,,", "row 3, column activity_id", "is not an IRI"),
        ("x y,X,course,,,,,,,,", "row 3, column slug", "may hold only letters"),
        (",X,course,,,,,,,,", "row 3, column slug", "required"),
        ("sql-basics,Again,course,,,,,,,,", "row 3, column slug", "'sql-basics' is also on row 2"),
        ("x,X,course,,,,,,https://lms.example.test/sql,,", "row 3, column activity_id", "is also on row 2"),
        ("x,X,course,,,,,,,,,extra", "row 3", "more cells than the 11 columns"),
    ],
)
def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_imported(skills, line, where, message):
    text = HEADER + "sql-basics,SQL basics,course,,,,,,https://lms.example.test/sql,sql:2,\n" + line + "\n"
    with pytest.raises(InvalidInput) as caught:
        services.import_catalog(None, text)
    assert message in " ".join(caught.value.errors[where])
    assert not LearningItem.objects.exists()


def test_every_bad_row_is_listed_at_once(skills):
    text = HEADER + "a,A,course,,,,,,,cobol:3,\nb,B,course,,,,,,,sql:2,\nc,C,lecture,,,,,,,,\n"
    with pytest.raises(InvalidInput) as caught:
        services.import_catalog(None, text)
    assert set(caught.value.errors) == {"row 4, column kind"}
    # the database checks run once the file itself is sound
    with pytest.raises(InvalidInput) as caught:
        services.import_catalog(None, HEADER + "a,A,course,,,,,,,cobol:3,\nb,B,course,,,,,,,fortran:2;sql:1,\n")
    assert caught.value.errors == {
        "row 2, column skills": ["unknown skill 'cobol'"], "row 3, column skills": ["unknown skill 'fortran'"],
    }
    assert str(caught.value).startswith("row 2, column skills: unknown skill 'cobol'")
    assert not LearningItem.objects.exists()


def test_an_activity_id_of_another_item_is_refused(skills):
    LearningItemFactory(slug="other", activity_id="https://lms.example.test/sql")
    with pytest.raises(InvalidInput) as caught:
        services.import_catalog(None, GOOD)
    assert caught.value.errors == {"row 2, column activity_id": ["'https://lms.example.test/sql' is already the activity id of 'other'"]}
    assert LearningItem.objects.count() == 1


def test_retired_skills_are_refused(skills):
    skills[1].is_active = False
    skills[1].save()
    with pytest.raises(InvalidInput) as caught:
        services.import_catalog(None, GOOD)
    assert caught.value.errors == {"row 3, column skills": ["skill 'python' is retired from the taxonomy"]}


@pytest.mark.parametrize(
    ("text", "where"),
    [("", "file"), (HEADER, "file"), ("slug,title\nx,X\n", "row 1"), (HEADER.replace("description", "summary"), "row 1")],
)
def test_a_file_without_its_columns_or_items_is_refused(skills, text, where):
    with pytest.raises(InvalidInput) as caught:
        services.import_catalog(None, text)
    assert where in caught.value.errors


def test_the_export_imports_again_unchanged(skills):
    services.import_catalog(None, GOOD.replace("SQL basics,course", "=HYPERLINK(1),course"))
    exported = "".join(services.export_catalog_csv())
    assert "'=HYPERLINK(1)" in exported  # a spreadsheet will not run it
    summary = services.import_catalog(None, exported)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 3)
    assert {(r.slug, r.title, tuple(sorted(r.skills.items()))) for r in catalog_csv.parse(exported)} == {
        (r.slug, r.title, tuple(sorted(r.skills.items()))) for r in catalog_csv.parse(GOOD.replace("SQL basics,course", "=HYPERLINK(1),course"))
    }


def test_the_commands_import_and_export(skills, tmp_path: Path):
    source = tmp_path / "catalog.csv"
    source.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import-learning", str(source), stdout=out)
    assert "3 created, 0 updated, 0 unchanged" in out.getvalue()
    target = tmp_path / "export.csv"
    call_command("export-learning", str(target), stdout=io.StringIO())
    assert target.read_text(encoding="utf-8").startswith(HEADER.strip())
    call_command("import-learning", str(target), stdout=(out := io.StringIO()))
    assert "0 created, 0 updated, 3 unchanged" in out.getvalue()


def test_the_import_command_lists_the_errors_and_imports_nothing(skills, tmp_path: Path):
    source = tmp_path / "bad.csv"
    source.write_text(HEADER + "a,A,course,,,,,,,cobol:3,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="row 2, column skills: unknown skill 'cobol'"):
        call_command("import-learning", str(source))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import-learning", str(tmp_path / "missing.csv"))
    assert not LearningItem.objects.exists()


def test_only_lod_admins_import_from_the_web(org, skills):
    for who in (org.employee, org.talent_admin, org.outsider):
        with pytest.raises(Forbidden):
            services.import_catalog(org.personas(who), GOOD)
        assert org.client(who).get(reverse("learning:import")).status_code == 403
        assert org.client(who).get(reverse("learning:export")).status_code == 403
    assert not LearningItem.objects.exists()


def test_the_upload_page_imports_or_lists_the_errors(org, skills):
    c = org.client(org.lod_admin)
    bad = SimpleUploadedFile("c.csv", (HEADER + "a,A,course,,,,,,,cobol:3,\n").encode(), content_type="text/csv")
    response = c.post(reverse("learning:import"), {"file": bad})
    assert response.status_code == 400
    assert "row 2, column skills: unknown skill &#x27;cobol&#x27;" in response.content.decode()
    assert not LearningItem.objects.exists()
    good = SimpleUploadedFile("c.csv", GOOD.encode("utf-8-sig"), content_type="text/csv")
    assert c.post(reverse("learning:import"), {"file": good}).status_code == 302
    assert LearningItem.objects.count() == 3
    download = c.get(reverse("learning:export"))
    assert download["Content-Type"].startswith("text/csv")
    assert b"sql-exam,SQL exam,assessment" in b"".join(download.streaming_content)


def test_a_file_that_is_not_utf8_is_a_form_error(org, skills):
    upload = SimpleUploadedFile("c.csv", GOOD.encode("utf-16"), content_type="text/csv")
    response = org.client(org.lod_admin).post(reverse("learning:import"), {"file": upload})
    assert response.status_code == 400
    assert response.context["form"].errors["file"]


def test_the_documented_example_uses_the_columns_and_imports(db):
    doc = (Path(__file__).resolve().parents[3] / "docs" / "learning.md").read_text(encoding="utf-8")
    example = doc.split("```csv\n")[1].split("```")[0]
    assert example.splitlines()[0].split(",") == catalog_csv.COLUMNS
    SkillFactory(slug="sql", label="SQL")
    assert services.import_catalog(None, example).created == 3
