"""`talentloop import-esco DIR`: the ESCO CSV download lands in the taxonomy and the job architecture, a re-import
changes nothing and keeps local edits, and a wrong file names the file and the column and writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from talentloop.matching.models import MatchingChange
from talentloop.roles.models import Role, RoleFamily, RoleSkill
from talentloop.skills import esco
from talentloop.skills.models import RelatedSkill, Skill, SkillAlias, SkillCategory, SkillExternalId
from talentloop.testing import factories as f

FIXTURES = Path(__file__).resolve().parent / "esco_fixtures"
E = "http://data.europa.eu/esco"
PYTHON = f"{E}/skill/00000000-0000-4000-8000-000000000001"
SCRIPTING = f"{E}/skill/00000000-0000-4000-8000-000000000002"
SQL = f"{E}/skill/00000000-0000-4000-8000-000000000003"
CRITICAL = f"{E}/skill/00000000-0000-4000-8000-000000000004"
CLOUD_KNOWLEDGE = f"{E}/skill/00000000-0000-4000-8000-000000000005"
CLOUD_SKILL = f"{E}/skill/00000000-0000-4000-8000-000000000006"
DJANGO = f"{E}/skill/00000000-0000-4000-8000-000000000007"
DRY_RUNS = f"{E}/skill/00000000-0000-4000-8000-000000000008"
JYTHON = f"{E}/skill/00000000-0000-4000-8000-000000000009"
DEVELOPER = f"{E}/occupation/00000000-0000-4000-a000-000000000001"
DBA = f"{E}/occupation/00000000-0000-4000-a000-000000000002"
HELP_DESK = f"{E}/occupation/00000000-0000-4000-a000-000000000003"

# The header rows exactly as ESCO v1.2 publishes them (occupations gained naceCode, relations gained labels).
PUBLISHED_HEADERS = {
    "skills_en.csv": "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,"
    "modifiedDate,scopeNote,definition,inScheme,description",
    "occupations_en.csv": "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,"
    "regulatedProfessionNote,scopeNote,definition,inScheme,description,code,naceCode",
    "occupationSkillRelations_en.csv": "occupationUri,occupationLabel,relationType,skillType,skillUri,skillLabel",
    "broaderRelationsSkillPillar_en.csv": "conceptType,conceptUri,conceptLabel,broaderType,broaderUri,broaderLabel",
    "skillGroups_en.csv": "conceptType,conceptUri,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,"
    "inScheme,description,code",
    "skillSkillRelations_en.csv": "originalSkillUri,originalSkillType,relationType,relatedSkillType,relatedSkillUri",
}


@pytest.fixture
def download(tmp_path: Path) -> Path:
    """A copy of the fixture download that a test may edit."""
    target = tmp_path / "esco"
    shutil.copytree(FIXTURES, target)
    return target


def edit(directory: Path, name: str, old: str, new: str) -> None:
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def skill(uri: str) -> Skill:
    return SkillExternalId.objects.select_related("skill").get(scheme="esco", identifier=uri).skill


def role(uri: str) -> Role:
    return Role.objects.get(external_uri=uri)


def aliases(s: Skill) -> set[str]:
    return set(s.aliases.values_list("alias", flat=True))


def database() -> dict[str, set]:
    """Every row the import writes, to compare two states."""
    return {
        "categories": set(SkillCategory.objects.values_list("id", "slug", "name", "parent_id", "external_uri")),
        "skills": set(Skill.objects.values_list("id", "slug", "label", "description", "skill_type", "category_id")),
        "aliases": set(SkillAlias.objects.values_list("id", "skill_id", "alias")),
        "external_ids": {(e.id, e.skill_id, e.identifier, repr(e.imported)) for e in SkillExternalId.objects.all()},
        "families": set(RoleFamily.objects.values_list("id", "slug", "name", "external_uri")),
        "roles": {(r.id, r.slug, r.title, r.family_id, r.level, r.description, repr(r.imported)) for r in Role.objects.all()},
        "role_skills": set(RoleSkill.objects.values_list("id", "role_id", "skill_id", "proficiency", "is_essential")),
        "related": set(RelatedSkill.objects.values_list("id", "from_skill_id", "to_skill_id", "weight", "detail")),
        "stamps": set(MatchingChange.objects.values_list("id")),
    }


def test_the_fixtures_are_in_the_published_format() -> None:
    for name, header in PUBLISHED_HEADERS.items():
        assert (FIXTURES / name).read_text(encoding="utf-8").splitlines()[0] == header, name
    # altLabels hold one label per line inside one quoted cell.
    assert '"Python\nPython 3"' in (FIXTURES / "skills_en.csv").read_text(encoding="utf-8")


@pytest.mark.django_db
def test_it_imports_labels_aliases_descriptions_and_types() -> None:
    summary = esco.import_esco(FIXTURES)

    assert (summary.skills_created, summary.skipped_not_released) == (8, 1)
    python = skill(PYTHON)
    assert (python.label, python.slug, python.skill_type) == ("Python (computer programming)", "python-computer-programming", "knowledge")
    assert python.description == "The techniques and principles of software development in Python."
    assert aliases(python) == {"Python", "Python 3"}
    assert skill(SCRIPTING).skill_type == "skill"
    assert skill(CRITICAL).skill_type == "transversal"  # reuseLevel transversal wins over skill/competence
    assert skill(CRITICAL).description == "Assess information with an open mind, weighing\nthe evidence before drawing a conclusion."
    assert skill(DJANGO).description.startswith("A Python web framework")  # no description: the definition
    assert not SkillExternalId.objects.filter(identifier=JYTHON).exists()  # obsolete: skipped


@pytest.mark.django_db
def test_an_alias_taken_or_equal_to_a_label_is_skipped_not_an_error() -> None:
    esco.import_esco(FIXTURES)

    # "Python" is already the Python skill's alias; "cloud computing" the first cloud concept's.
    assert aliases(skill(SCRIPTING)) == {"apply scripting programming", "use scripting languages"}
    assert aliases(skill(CLOUD_KNOWLEDGE)) == {"cloud computing", "cloud tech"}
    assert aliases(skill(CLOUD_SKILL)) == {"use cloud services"}


@pytest.mark.django_db
def test_duplicate_esco_labels_are_told_apart_the_same_way_every_time(download: Path) -> None:
    esco.import_esco(FIXTURES)
    assert skill(CLOUD_KNOWLEDGE).label == "cloud technologies"
    assert skill(CLOUD_SKILL).label == "cloud technologies (skill)"
    assert skill(CLOUD_SKILL).slug == "cloud-technologies-skill"

    # A third concept with the same label and type falls back to its URI.
    edit(download, "skills_en.csv", "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000008,"
         "skill/competence,cross-sector,perform dry runs",
         "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000008,"
         "skill/competence,cross-sector,Cloud Technologies")
    esco.import_esco(download)
    assert skill(CLOUD_KNOWLEDGE).label == "cloud technologies"
    assert skill(CLOUD_SKILL).label == "cloud technologies (skill)"
    assert skill(DRY_RUNS).label == "Cloud Technologies (00000000)"


@pytest.mark.django_db
def test_skill_groups_become_the_category_tree() -> None:
    esco.import_esco(FIXTURES)

    python = skill(PYTHON)
    assert python.category.name == "software and applications development and analysis"
    assert python.category.external_uri == f"{E}/isced-f/0613"
    assert python.category.family.name == "information and communication technologies (icts)"
    scripting = skill(SCRIPTING).category
    assert [scripting.name, scripting.parent.name, scripting.parent.parent.name] == [
        "programming computer systems", "working with computers", "skills"]
    assert skill(DJANGO).category == python.category  # its broader is a skill: it goes where that skill goes
    assert skill(DRY_RUNS).category.name == "ESCO (ungrouped)"


@pytest.mark.django_db
def test_without_the_hierarchy_every_skill_is_ungrouped(download: Path) -> None:
    (download / "broaderRelationsSkillPillar_en.csv").unlink()
    esco.import_esco(download)

    assert set(Skill.objects.values_list("category__name", flat=True)) == {"ESCO (ungrouped)"}
    assert SkillCategory.objects.count() == 1


@pytest.mark.django_db
def test_occupations_become_roles_with_essential_and_optional_skills() -> None:
    esco.import_esco(FIXTURES)

    developer = role(DEVELOPER)
    assert (developer.title, developer.level, developer.family.name) == ("software developer", 5, "Professionals")
    assert developer.description.startswith("Software developers implement")
    assert role(HELP_DESK).family.name == "Clerical support workers"
    assert role(DBA).family == developer.family
    wanted = {(rs.skill.label, rs.proficiency, rs.is_essential) for rs in developer.role_skills.select_related("skill")}
    assert wanted == {
        ("use scripting programming", 3, True), ("SQL", 3, True),
        ("Python (computer programming)", 2, False), ("cloud technologies", 2, False),
    }  # Jython is obsolete: its relation is skipped


@pytest.mark.django_db
def test_skill_to_skill_relations_give_partial_credit() -> None:
    esco.import_esco(FIXTURES)

    pair = RelatedSkill.objects.get(from_skill=skill(PYTHON), to_skill=skill(SCRIPTING))
    assert (pair.weight, pair.source, pair.detail) == (0.3, "taxonomy", "ESCO: optional for")
    pair = RelatedSkill.objects.get(from_skill=skill(CLOUD_KNOWLEDGE), to_skill=skill(CLOUD_SKILL))
    assert (pair.weight, pair.detail) == (0.5, "ESCO: essential for")
    assert MatchingChange.objects.filter(kind=MatchingChange.Kind.TAXONOMY).count() == 1


@pytest.mark.django_db
def test_a_second_import_of_the_same_files_changes_nothing() -> None:
    esco.import_esco(FIXTURES)
    before = database()

    summary = esco.import_esco(FIXTURES)

    assert database() == before
    assert (summary.skills_created, summary.skills_updated, summary.skills_unchanged) == (0, 0, 8)
    assert (summary.roles_created, summary.roles_updated, summary.roles_unchanged) == (0, 0, 3)
    assert (summary.categories_created, summary.role_skills_written, summary.related_written) == (0, 0, 0)


@pytest.mark.django_db
def test_local_edits_are_kept_and_unedited_values_follow_esco(download: Path) -> None:
    esco.import_esco(FIXTURES)
    sql = skill(SQL)
    sql.label = "SQL (databases)"
    sql.save()
    developer_sql = RoleSkill.objects.get(role=role(DEVELOPER), skill=sql)
    developer_sql.proficiency = 4
    developer_sql.save()
    dba = role(DBA)
    dba.title = "DBA"
    dba.save()

    edit(download, "skills_en.csv", ",SQL,", ",structured query language (SQL),")
    edit(download, "skills_en.csv", ",think critically,", ",apply critical thinking,")
    edit(download, "occupations_en.csv", ",database administrator,", ",database administrator (DBA),")
    edit(download, "occupations_en.csv", ",ICT help desk agent,", ",ICT service desk agent,")
    # SQL turns optional for developers (the admin's level 4 stays); SQL for DBAs too (that one follows ESCO).
    edit(download, "occupationSkillRelations_en.csv", "software developer,essential,knowledge", "software developer,optional,knowledge")
    edit(download, "occupationSkillRelations_en.csv", "database administrator,essential,knowledge",
         "database administrator,optional,knowledge")
    summary = esco.import_esco(download)

    assert skill(SQL).label == "SQL (databases)"
    assert skill(CRITICAL).label == "apply critical thinking"
    assert role(DBA).title == "DBA"
    assert role(HELP_DESK).title == "ICT service desk agent"
    developer_sql.refresh_from_db()
    assert (developer_sql.proficiency, developer_sql.is_essential) == (4, True)
    dba_sql = RoleSkill.objects.get(role=role(DBA), skill=skill(SQL))
    assert (dba_sql.proficiency, dba_sql.is_essential) == (2, False)
    assert summary.skills_kept_local_edits == 1
    assert summary.skills_updated == 1
    assert summary.roles_kept_local_edits == 2  # the DBA's title, the developer's SQL level
    assert summary.roles_updated == 2  # the help desk agent's title, the DBA's SQL

    before = database()
    again = esco.import_esco(download)
    assert database() == before
    assert (again.skills_updated, again.roles_updated) == (0, 0)


@pytest.mark.django_db
def test_aliases_an_admin_added_stay_and_aliases_esco_dropped_go(download: Path) -> None:
    esco.import_esco(FIXTURES)
    sql = skill(SQL)
    SkillAlias.objects.create(skill=sql, alias="Structured Query Lang")
    SkillAlias.objects.filter(skill=sql, alias="SQL language").delete()
    python = skill(PYTHON)

    edit(download, "skills_en.csv", '"Python\nPython 3"', '"Python\nCPython"')
    esco.import_esco(download)

    assert aliases(python) == {"Python", "CPython"}
    assert aliases(sql) == {"structured query language", "Structured Query Lang"}  # "SQL language" not back


@pytest.mark.django_db
def test_reviewed_or_rejected_pairs_are_left_alone(download: Path) -> None:
    esco.import_esco(FIXTURES)
    admin = f.UserFactory()
    RelatedSkill.objects.filter(from_skill=skill(PYTHON)).update(weight=0.9, reviewed_by=admin, reviewed_at=timezone.now())
    RelatedSkill.objects.filter(from_skill=skill(CLOUD_KNOWLEDGE)).update(rejected=True, reviewed_at=timezone.now())

    edit(download, "skillSkillRelations_en.csv", ",optional,", ",essential,")
    (download / "skillSkillRelations_en.csv").write_text(
        (download / "skillSkillRelations_en.csv").read_text(encoding="utf-8").splitlines()[0] + "\n"
        + (download / "skillSkillRelations_en.csv").read_text(encoding="utf-8").splitlines()[1] + "\n",
        encoding="utf-8",
    )
    esco.import_esco(download)

    assert RelatedSkill.objects.get(from_skill=skill(PYTHON)).weight == 0.9
    assert RelatedSkill.objects.get(from_skill=skill(CLOUD_KNOWLEDGE)).rejected


@pytest.mark.django_db
def test_a_local_skill_with_the_same_label_is_adopted_not_duplicated() -> None:
    local = f.SkillFactory(slug="sql", label="sql", description="Ours.", category=f.SkillCategoryFactory(name="Data"))

    summary = esco.import_esco(FIXTURES)

    assert skill(SQL) == local
    local.refresh_from_db()
    assert (local.label, local.description, local.category.name) == ("sql", "Ours.", "Data")
    assert aliases(local) == {"structured query language", "SQL language"}
    assert (summary.skills_adopted, summary.skills_created) == (1, 7)


@pytest.mark.django_db
def test_a_missing_column_names_the_file_and_the_column_and_writes_nothing(download: Path) -> None:
    edit(download, "skills_en.csv", ",preferredLabel,", ",prefLabel,")

    with pytest.raises(esco.EscoFormatError) as error:
        esco.import_esco(download)

    assert "skills_en.csv: missing column 'preferredLabel' (found: conceptType, conceptUri," in error.value.message
    assert Skill.objects.count() == 0
    assert Role.objects.count() == 0


@pytest.mark.django_db
def test_a_wrong_value_names_the_file_and_the_row_and_writes_nothing(download: Path) -> None:
    esco.import_esco(FIXTURES)
    before = database()
    edit(download, "occupationSkillRelations_en.csv", "ICT help desk agent,essential", "ICT help desk agent,sometimes")
    edit(download, "occupationSkillRelations_en.csv", "8000-000000000008,perform", "8000-0000000000ff,perform")
    edit(download, "skills_en.csv", ",SQL,", ",structured query language (SQL),")

    with pytest.raises(esco.EscoFormatError) as error:
        esco.import_esco(download)

    assert error.value.errors == {
        "occupationSkillRelations_en.csv row 8": [f"unknown skillUri '{E}/skill/00000000-0000-4000-8000-0000000000ff'"],
        "occupationSkillRelations_en.csv row 10": ["relationType must be essential or optional, got 'sometimes'"],
    }
    assert database() == before


@pytest.mark.django_db
def test_a_missing_file_is_named(download: Path) -> None:
    (download / "occupationSkillRelations_en.csv").unlink()

    with pytest.raises(esco.EscoFormatError, match=r"occupationSkillRelations_en\.csv: file missing"):
        esco.import_esco(download)


@pytest.mark.django_db
def test_the_v1_1_relations_file_without_labels_is_read(download: Path) -> None:
    path = download / "occupationSkillRelations_en.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines]
    path.write_text("\n".join(",".join([r[0], r[2], r[3], r[4]]) for r in rows) + "\n", encoding="utf-8")
    assert path.read_text(encoding="utf-8").startswith("occupationUri,relationType,skillType,skillUri\n")

    esco.import_esco(download)

    assert role(DEVELOPER).role_skills.count() == 4


@pytest.mark.django_db
def test_the_command_prints_the_summary_and_fails_cleanly(download: Path, capsys) -> None:
    call_command("import-esco", str(FIXTURES))
    out = capsys.readouterr().out
    assert "skills: 8 created, 0 updated" in out
    assert "roles: 3 created" in out
    assert "Commission Decision 2011/833/EU" in out

    edit(download, "occupations_en.csv", ",iscoGroup,", ",isco,")
    with pytest.raises(CommandError) as error:
        call_command("import-esco", str(download))
    assert str(error.value).startswith("Nothing was imported:\n  occupations_en.csv: missing column 'iscoGroup'")


@pytest.mark.django_db
def test_a_role_skill_an_admin_removed_stays_removed_and_one_esco_dropped_goes(download: Path) -> None:
    esco.import_esco(FIXTURES)
    RoleSkill.objects.filter(role=role(DEVELOPER), skill=skill(CLOUD_KNOWLEDGE)).delete()
    added = RoleSkill.objects.create(role=role(DEVELOPER), skill=skill(DRY_RUNS), proficiency=4, is_essential=True)

    edit(download, "occupationSkillRelations_en.csv",
         f"{DBA},database administrator,optional,skill/competence,{CRITICAL},think critically\n", "")
    esco.import_esco(download)

    developer_skills = set(role(DEVELOPER).role_skills.values_list("skill__label", flat=True))
    assert "cloud technologies" not in developer_skills
    assert RoleSkill.objects.filter(pk=added.pk).exists()
    assert not RoleSkill.objects.filter(role=role(DBA), skill=skill(CRITICAL)).exists()


@pytest.mark.django_db
def test_editing_a_skill_through_the_service_keeps_the_import_snapshot(download: Path, org) -> None:
    """An admin saving a skill with its external ids unchanged must not make every field look locally edited."""
    from talentloop.accounts.personas import personas
    from talentloop.skills.services import update_skill

    esco.import_esco(FIXTURES)
    sql = skill(SQL)
    snapshot = SkillExternalId.objects.get(scheme="esco", identifier=SQL).imported
    update_skill(personas(org.talent_admin), sql, {"external_ids": [{"scheme": "esco", "identifier": SQL}]})
    assert SkillExternalId.objects.get(scheme="esco", identifier=SQL).imported == snapshot

    edit(download, "skills_en.csv", ",SQL,", ",structured query language (SQL),")
    esco.import_esco(download)
    assert skill(SQL).label == "structured query language (SQL)"


def test_headers_alone_are_checked_the_way_the_import_checks_them(download: Path) -> None:
    assert esco.check_headers(FIXTURES) == []
    edit(download, "skills_en.csv", "preferredLabel", "prefLabel")
    (download / "occupations_en.csv").unlink()
    problems = esco.check_headers(download)
    assert problems[0].startswith("skills_en.csv: missing column 'preferredLabel' (found: conceptType, conceptUri,")
    assert problems[1].startswith("occupations_en.csv: missing (found: broaderRelationsSkillPillar_en.csv,")
    with pytest.raises(esco.EscoFormatError) as raised:
        esco.read_esco(download)
    assert problems[0].removeprefix("skills_en.csv: ").rstrip(".") in str(raised.value.errors)
