"""Import the official ESCO CSV download into the skills taxonomy and the job architecture (issue 6).

`read_esco` parses and checks every file first (no database); `import_esco` then writes everything in one
transaction, so a bad file writes nothing. Decisions, each a default an admin can change afterwards:

- Skills are found again by `SkillExternalId(scheme="esco", identifier=conceptUri)`. A new skill's slug comes from its
  preferredLabel (unique, at most 120 characters) and never changes on a re-import: slugs are in URLs.
- Only concepts whose `status` is "released" (or empty) are imported; others (e.g. obsolete) are skipped and
  counted, and relations that point at them are skipped quietly. A relation to a URI the files do not define is an error.
- A local skill (no ESCO id yet) with the same label, ignoring case, is *adopted*: it gets the ESCO id and the ESCO
  aliases, but its own label, description, type and category count as local edits and are kept.
- Labels are unique ignoring case here but not in ESCO: the first concept (a skill that already has the label, then by
  conceptUri) keeps the preferredLabel, later ones get " (knowledge)" / " (skill)" / " (transversal)", then the
  URI's last segment. The same files always give the same labels.
- skillType "knowledge" → knowledge, "skill/competence" (or empty) → skill; reuseLevel "transversal" wins → transversal.
  description = ESCO `description`, or `definition` when that is empty.
- altLabels (one per line in the cell; " | " is accepted too) become aliases, except one equal to any skill's label or
  already an alias of another skill (skipped, never an error). Aliases an admin added are never removed; aliases an
  earlier import added and ESCO dropped are; an ESCO alias an admin deleted is not added back.
- Hierarchy from broaderRelationsSkillPillar: every skill group becomes a SkillCategory (external_uri = group URI,
  name from skillGroups_en.csv, else the file's broaderLabel/conceptLabel, else the URI), under its own broader group.
  A skill goes into its broader group (a group beats a broader skill; the lowest URI breaks ties); a skill whose broader
  is another skill goes where that skill goes; the rest go to "ESCO (ungrouped)". Without the file, all go there.
  Categories are created once and then left alone (an admin may rename or move them): SkillCategory has no snapshot.
- Occupations become roles (Role.external_uri = conceptUri) at level 5 (ESCO has no levels; set on creation only),
  in the role family of their ISCO-08 major group (first digit of iscoGroup), else "ESCO occupations".
  essential → is_essential with proficiency 3, optional → not essential with proficiency 2.
- skillSkillRelations: "related is essential/optional for original", so holding the related skill gives partial credit
  when the original is asked: RelatedSkill(from=related, to=original, weight 0.5 / 0.3, source taxonomy, detail
  "ESCO: essential for" / "ESCO: optional for"). Pairs an admin reviewed or rejected, pairs from another source and self
  pairs are left alone; unreviewed ESCO pairs the file no longer has are removed (only when the file is present).
- Local edits win: each imported value (skill label, description, type, category, aliases; role title, description,
  family, skills) is written only while the current value still equals what the last import wrote (the `imported`
  snapshot); the snapshot then records the new ESCO value. Concepts ESCO no longer has are left as they are.
  The same files twice: nothing created, nothing updated, no row changes.

Column names are ESCO v1.1/v1.2's published ones. The file list is the ESCO portal's "Structure of the ESCO
downloadable datasets" (https://esco.ec.europa.eu/en/structure-esco-downloadable-datasets); the headers were checked
against public code, tests and schema notes written for the v1.1.x/v1.2.x CSV packages (they agree), e.g. skills_en.csv = conceptType, conceptUri, skillType, reuseLevel, preferredLabel,
altLabels, hiddenLabels, status, modifiedDate, scopeNote, definition, inScheme, description; occupationSkillRelations =
occupationUri, relationType, skillType, skillUri (v1.2 adds occupationLabel, skillLabel); skillSkillRelations =
originalSkillUri, originalSkillType, relationType, relatedSkillType, relatedSkillUri; broaderRelationsSkillPillar =
conceptType, conceptUri, broaderType, broaderUri (v1.2 adds conceptLabel, broaderLabel). Only the columns used here are
required; extra columns are ignored.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from talentloop.errors import Conflict, InvalidInput
from talentloop.matching import stamps
from talentloop.people.models import Aspiration
from talentloop.roles.models import Role, RoleFamily, RoleSkill
from talentloop.skills.models import RelatedSkill, Skill, SkillAlias, SkillCategory, SkillExternalId

SCHEME = "esco"
ROLE_LEVEL = 5
UNGROUPED_SLUG = "esco-ungrouped"
UNGROUPED_NAME = "ESCO (ungrouped)"
UNGROUPED_KEY = f"slug:{UNGROUPED_SLUG}"
OCCUPATIONS_FAMILY = "ESCO occupations"
PROFICIENCY = {True: 3, False: 2}  # essential, optional
RELATED_WEIGHT = {True: 0.5, False: 0.3}
RELATED_DETAIL = {True: "ESCO: essential for", False: "ESCO: optional for"}
RELATED_PREFIX = "ESCO:"
MAX_ERRORS = 50
ISCO_MAJOR_GROUPS = {
    "0": "Armed forces occupations",
    "1": "Managers",
    "2": "Professionals",
    "3": "Technicians and associate professionals",
    "4": "Clerical support workers",
    "5": "Service and sales workers",
    "6": "Skilled agricultural, forestry and fishery workers",
    "7": "Craft and related trades workers",
    "8": "Plant and machine operators, and assemblers",
    "9": "Elementary occupations",
}
ISCO_URI = "http://data.europa.eu/esco/isco/C{}"
TYPE_WORDS = {Skill.Type.KNOWLEDGE: "knowledge", Skill.Type.SKILL: "skill", Skill.Type.TRANSVERSAL: "transversal"}

# The columns each file must have (the published files have more; those are ignored).
SKILLS_COLUMNS = ("conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "description")
OCCUPATIONS_COLUMNS = ("conceptUri", "iscoGroup", "preferredLabel", "description")
OCCUPATION_SKILLS_COLUMNS = ("occupationUri", "relationType", "skillUri")
BROADER_COLUMNS = ("conceptType", "conceptUri", "broaderUri")
SKILL_GROUPS_COLUMNS = ("conceptUri", "preferredLabel")
SKILL_SKILL_COLUMNS = ("originalSkillUri", "relationType", "relatedSkillUri")


class EscoFormatError(InvalidInput):
    """A file or column is missing or a value is wrong; `errors` maps "file row n" to messages. Nothing was written."""


@dataclass(frozen=True)
class EscoSkill:
    uri: str
    label: str
    aliases: tuple[str, ...]
    description: str
    skill_type: str


@dataclass(frozen=True)
class EscoOccupation:
    uri: str
    title: str
    description: str
    isco_major: str  # "" when unknown


@dataclass
class EscoData:
    """What the files say, checked; relations are (from URI, to URI, essential)."""

    skills: dict[str, EscoSkill]
    groups: dict[str, str]  # group URI → name
    group_parent: dict[str, str]  # group URI → broader group URI
    skill_broader: dict[str, list[str]]  # skill URI → broader URIs (groups or skills)
    occupations: dict[str, EscoOccupation]
    occupation_skills: dict[str, dict[str, bool]]  # occupation URI → skill URI → essential
    skill_relations: dict[tuple[str, str], bool] | None  # (original, related) → essential; None without the file
    skipped: int = 0  # concepts not released


@dataclass
class EscoSummary:
    skills_created: int = 0
    skills_updated: int = 0
    skills_unchanged: int = 0
    skills_adopted: int = 0
    skills_kept_local_edits: int = 0
    skipped_not_released: int = 0
    categories_created: int = 0
    roles_created: int = 0
    roles_updated: int = 0
    roles_unchanged: int = 0
    roles_kept_local_edits: int = 0
    role_skills_written: int = 0
    related_written: int = 0
    related_removed: int = 0

    def __str__(self) -> str:
        return (
            f"skills: {self.skills_created} created, {self.skills_updated} updated, {self.skills_unchanged} unchanged, "
            f"{self.skills_adopted} adopted, {self.skills_kept_local_edits} with local edits kept, "
            f"{self.skipped_not_released} not released (skipped); categories: {self.categories_created} created; "
            f"roles: {self.roles_created} created, {self.roles_updated} updated, {self.roles_unchanged} unchanged, "
            f"{self.roles_kept_local_edits} with local edits kept; role skills: {self.role_skills_written} written; "
            f"related skills: {self.related_written} written, {self.related_removed} removed"
        )

    @property
    def changed(self) -> bool:
        return any((self.skills_created, self.skills_updated, self.skills_adopted, self.categories_created,
                    self.roles_created, self.roles_updated, self.related_written, self.related_removed))


# --- reading -------------------------------------------------------------------------------------------------------


class _Errors:
    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}
        self.count = 0

    def add(self, where: str, message: str) -> None:
        self.count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.setdefault(where, []).append(message)

    def raise_if_any(self) -> None:
        if self.count:
            errors = dict(self.errors)
            if self.count > sum(len(m) for m in errors.values()):
                errors["and"] = [f"{self.count - sum(len(m) for m in errors.values())} more problems"]
            raise EscoFormatError(errors)


# The files read_esco reads (the optional ones when present) and the columns it needs from each.
FILES: tuple[tuple[str, tuple[str, ...], bool], ...] = (  # (name with {} for the language, columns, required)
    ("skills_{}.csv", SKILLS_COLUMNS, True),
    ("occupations_{}.csv", OCCUPATIONS_COLUMNS, True),
    ("occupationSkillRelations_{}.csv", OCCUPATION_SKILLS_COLUMNS, True),
    ("broaderRelationsSkillPillar_{}.csv", BROADER_COLUMNS, False),
    ("skillGroups_{}.csv", SKILL_GROUPS_COLUMNS, False),
    ("skillSkillRelations_{}.csv", SKILL_SKILL_COLUMNS, False),
)


def _missing_columns(header: list[str], required: Iterable[str]) -> str | None:
    missing = [c for c in required if c not in header]
    if not missing:
        return None
    names = ", ".join(repr(c) for c in missing)
    return f"missing column{'s' if len(missing) > 1 else ''} {names} (found: {', '.join(header) or 'nothing'})"


def check_headers(directory: Path, language: str = "en") -> list[str]:
    """Problems with the files and header rows only ("skills_en.csv: missing column 'preferredLabel' (found: ...)"),
    without reading the rows: what an upload can be told at once. read_esco checks the same, and every row."""
    directory = Path(directory)
    present = sorted(p.name for p in directory.iterdir()) if directory.is_dir() else []
    problems = []
    for pattern, columns, required in FILES:
        name = pattern.format(language)
        path = directory / name
        if not path.is_file():
            if required:
                problems.append(f"{name}: missing (found: {', '.join(present) or 'no file'}).")
            continue
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                header = next(csv.reader(fh), [])
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            problems.append(f"{name}: cannot be read as UTF-8 CSV ({exc}).")
            continue
        if (message := _missing_columns(header, columns)) is not None:
            problems.append(f"{name}: {message}.")
    return problems


def _read(directory: Path, name: str, required: Iterable[str], *, optional: bool = False) -> list[tuple[int, dict]] | None:
    """The file's rows as (spreadsheet row number, cells); header checked. None when an optional file is absent."""
    path = directory / name
    if not path.is_file():
        if optional:
            return None
        raise EscoFormatError({name: [f"file missing in {directory}"]})
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or [])
            if (message := _missing_columns(header, required)) is not None:
                raise EscoFormatError({name: [message]})
            # Header is row 1, as a spreadsheet shows it; a cell's line breaks do not count.
            return [(n, {k: (v or "").strip() for k, v in row.items() if k is not None}) for n, row in enumerate(reader, 2)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EscoFormatError({name: [f"cannot be read as UTF-8 CSV: {exc}"]}) from exc


def _concepts(
    rows: list[tuple[int, dict]], file_name: str, known: set[str], not_released: list[str], errors: _Errors
) -> Iterator[tuple[str, str, dict]]:
    """The released concepts of a skills or occupations file with a URI and a label, as (where, uri, row); every URI
    seen goes into `known` (released or not), the ones not released into `not_released`, problems into `errors`."""
    for n, row in rows:
        where, uri = f"{file_name} row {n}", row["conceptUri"]
        if not uri:
            errors.add(where, "conceptUri is empty")
            continue
        if uri in known:
            errors.add(where, f"conceptUri {uri} is listed twice")
            continue
        known.add(uri)
        if not _released(row):
            not_released.append(uri)
            continue
        if not row["preferredLabel"]:
            errors.add(where, "preferredLabel is empty")
            continue
        yield where, uri, row


def _split_labels(cell: str) -> list[str]:
    seen: set[str] = set()
    labels = []
    for part in re.split(r"\r?\n| \| ", cell):
        label = part.strip()
        if label and len(label) <= 200 and label.lower() not in seen:
            seen.add(label.lower())
            labels.append(label)
    return labels


def _released(row: dict) -> bool:
    return row.get("status", "") in ("", "released")


def _relation_kind(value: str, where: str, errors: _Errors) -> bool | None:
    if value not in ("essential", "optional"):
        errors.add(where, f"relationType must be essential or optional, got {value!r}")
        return None
    return value == "essential"


def read_esco(directory: Path, language: str = "en") -> EscoData:
    """Every file parsed and checked; EscoFormatError names each problem by file, row and column."""
    directory = Path(directory)
    if not directory.is_dir():
        raise EscoFormatError({str(directory): ["not a directory"]})
    lang = language
    skills_name, occupations_name = f"skills_{lang}.csv", f"occupations_{lang}.csv"
    relations_name = f"occupationSkillRelations_{lang}.csv"
    broader_name, groups_name = f"broaderRelationsSkillPillar_{lang}.csv", f"skillGroups_{lang}.csv"
    skill_skill_name = f"skillSkillRelations_{lang}.csv"
    # Headers of every file first: a wrong download fails fast, before 100k rows are read.
    skill_rows = _read(directory, skills_name, SKILLS_COLUMNS) or []
    occupation_rows = _read(directory, occupations_name, OCCUPATIONS_COLUMNS) or []
    relation_rows = _read(directory, relations_name, OCCUPATION_SKILLS_COLUMNS) or []
    broader_rows = _read(directory, broader_name, BROADER_COLUMNS, optional=True)
    group_rows = _read(directory, groups_name, SKILL_GROUPS_COLUMNS, optional=True)
    skill_skill_rows = _read(directory, skill_skill_name, SKILL_SKILL_COLUMNS, optional=True)

    errors = _Errors()
    skills: dict[str, EscoSkill] = {}
    known_skills: set[str] = set()  # released or not
    not_released: list[str] = []
    for where, uri, row in _concepts(skill_rows, skills_name, known_skills, not_released, errors):
        if row["skillType"] not in ("", "skill/competence", "knowledge"):
            errors.add(where, f"skillType must be skill/competence or knowledge, got {row['skillType']!r}")
            continue
        if row["reuseLevel"] == "transversal":
            skill_type = Skill.Type.TRANSVERSAL
        elif row["skillType"] == "knowledge":
            skill_type = Skill.Type.KNOWLEDGE
        else:
            skill_type = Skill.Type.SKILL
        skills[uri] = EscoSkill(
            uri=uri, label=row["preferredLabel"][:200], aliases=tuple(_split_labels(row["altLabels"])),
            description=row["description"] or row.get("definition", ""), skill_type=skill_type,
        )

    occupations: dict[str, EscoOccupation] = {}
    known_occupations: set[str] = set()
    for where, uri, row in _concepts(occupation_rows, occupations_name, known_occupations, not_released, errors):
        isco = row["iscoGroup"]
        if isco and not isco.isdigit():
            errors.add(where, f"iscoGroup must be an ISCO-08 code (digits), got {isco!r}")
            continue
        occupations[uri] = EscoOccupation(
            uri=uri, title=row["preferredLabel"][:200], description=row["description"] or row.get("definition", ""),
            isco_major=isco[:1],
        )

    occupation_skills: dict[str, dict[str, bool]] = defaultdict(dict)
    for n, row in relation_rows:
        where = f"{relations_name} row {n}"
        essential = _relation_kind(row["relationType"], where, errors)
        occupation_uri, skill_uri = row["occupationUri"], row["skillUri"]
        if occupation_uri not in known_occupations:
            errors.add(where, f"unknown occupationUri {occupation_uri!r}")
        elif skill_uri not in known_skills:
            errors.add(where, f"unknown skillUri {skill_uri!r}")
        elif essential is not None and occupation_uri in occupations and skill_uri in skills:
            wanted = occupation_skills[occupation_uri]
            wanted[skill_uri] = wanted.get(skill_uri, False) or essential  # listed twice: essential wins

    groups: dict[str, str] = {}
    group_parent: dict[str, str] = {}
    skill_broader: dict[str, list[str]] = defaultdict(list)
    if broader_rows is not None:
        group_names: dict[str, str] = {}
        for _n, row in group_rows or []:
            if row["conceptUri"] and row["preferredLabel"]:
                group_names[row["conceptUri"]] = row["preferredLabel"]
        labels: dict[str, str] = {}
        parents: dict[str, list[str]] = defaultdict(list)
        for n, row in broader_rows:
            where, uri, broader = f"{broader_name} row {n}", row["conceptUri"], row["broaderUri"]
            if not uri or not broader:
                errors.add(where, "conceptUri and broaderUri must not be empty")
                continue
            broader_is_skill = row.get("broaderType") == "KnowledgeSkillCompetence" or broader in known_skills
            if not broader_is_skill:
                groups.setdefault(broader, "")
                if row.get("broaderLabel"):
                    labels.setdefault(broader, row["broaderLabel"])
            if row["conceptType"] == "SkillGroup":
                groups.setdefault(uri, "")
                if row.get("conceptLabel"):
                    labels.setdefault(uri, row["conceptLabel"])
                if not broader_is_skill:
                    parents[uri].append(broader)
            elif row["conceptType"] == "KnowledgeSkillCompetence":
                if uri in skills and (broader_is_skill is False or broader in skills):
                    skill_broader[uri].append(broader)
            else:
                errors.add(where, f"conceptType must be SkillGroup or KnowledgeSkillCompetence, got {row['conceptType']!r}")
        for uri in groups:
            groups[uri] = (group_names.get(uri) or labels.get(uri) or uri.rstrip("/").rsplit("/", 1)[-1])[:200]
        group_parent = _acyclic({uri: min(p) for uri, p in parents.items()})
    skill_relations: dict[tuple[str, str], bool] | None = None
    if skill_skill_rows is not None:
        skill_relations = {}
        for n, row in skill_skill_rows:
            where = f"{skill_skill_name} row {n}"
            essential = _relation_kind(row["relationType"], where, errors)
            original, related = row["originalSkillUri"], row["relatedSkillUri"]
            for column, uri in (("originalSkillUri", original), ("relatedSkillUri", related)):
                if uri not in known_skills:
                    errors.add(where, f"unknown {column} {uri!r}")
            if essential is not None and original in skills and related in skills and original != related:
                skill_relations[(original, related)] = skill_relations.get((original, related), False) or essential
    errors.raise_if_any()
    return EscoData(skills, groups, group_parent, dict(skill_broader), occupations, dict(occupation_skills),
                    skill_relations, len(not_released))


def _acyclic(parent: dict[str, str]) -> dict[str, str]:
    """The parent map with any cycle cut (the node where a walk up meets itself becomes a root)."""
    result = dict(parent)
    for start in sorted(parent):
        seen = {start}
        node = start
        while node in result:
            up = result[node]
            if up in seen:
                del result[node]
                break
            seen.add(up)
            node = up
    return result


# --- writing -------------------------------------------------------------------------------------------------------


def import_esco(directory: Path, language: str = "en") -> EscoSummary:
    """Read and check every file, then write taxonomy and roles in one transaction: all or nothing."""
    data = read_esco(Path(directory), language)
    try:
        with transaction.atomic():
            return write_esco(data)
    except IntegrityError as exc:
        # The checks above leave no clash of their own: only a concurrent edit of the taxonomy gets here.
        raise Conflict("Another change to the taxonomy or the roles got there first; nothing was imported.") from exc


def _unique_slug(base: str, tail: str, taken: set[str], max_length: int) -> str:
    base = slugify(base)[:max_length].strip("-") or "item"
    candidates = [base] + [f"{base[: max_length - len(s) - 1].rstrip('-')}-{s}" for s in (slugify(tail)[:12], "2")]
    for candidate in candidates:
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    n = 3
    while f"{candidates[1]}-{n}" in taken:
        n += 1
    taken.add(f"{candidates[1]}-{n}")
    return f"{candidates[1]}-{n}"


def _uri_tail(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1][:8]


def _first_free(options: list[str], free: Callable[[str], bool]) -> str:
    for option in options:
        if free(option):
            return option
    n = 2
    while not free(f"{options[0]} ({n})"):
        n += 1
    return f"{options[0]} ({n})"


def _with_suffix(text: str, suffix: str) -> str:
    return f"{text[: 200 - len(suffix) - 3]} ({suffix})"


def _category_key(category: SkillCategory) -> str:
    return category.external_uri or f"slug:{category.slug}"


def _changed_fields(current: dict, snapshot: dict | None, wanted: dict) -> tuple[dict, bool]:
    """The fields to write (unedited and different) and whether a local edit kept a value that differs from ESCO's."""
    write: dict = {}
    kept = False
    for name, value in wanted.items():
        if snapshot is None or name not in snapshot or current[name] != snapshot[name]:
            kept = kept or current[name] != value
        elif current[name] != value:
            write[name] = value
    return write, kept


def write_esco(data: EscoData) -> EscoSummary:
    """Write checked ESCO data; call inside a transaction (import_esco does)."""
    summary = EscoSummary(skipped_not_released=data.skipped)
    categories, skill_category = _write_categories(data, summary)
    skill_ids = _write_skills(data, categories, skill_category, summary)
    _write_roles(data, skill_ids, summary)
    if data.skill_relations is not None:
        _write_related(data.skill_relations, skill_ids, summary)
    if summary.changed:
        stamps.taxonomy_changed()
    return summary


def _write_categories(data: EscoData, summary: EscoSummary) -> tuple[dict[str, SkillCategory], dict[str, str]]:
    """Categories by key (group URI, or slug:esco-ungrouped) and each ESCO skill's category key."""
    all_categories = list(SkillCategory.objects.all())
    by_uri = {c.external_uri: c for c in all_categories if c.external_uri}
    slugs = {c.slug for c in all_categories}
    new: list[SkillCategory] = []
    for uri in sorted(data.groups):
        if uri not in by_uri:
            category = SkillCategory(slug=_unique_slug(data.groups[uri], _uri_tail(uri), slugs, 120),
                                     name=data.groups[uri], external_uri=uri)
            by_uri[uri] = category
            new.append(category)
    skill_category = _skill_categories(data)
    ungrouped = next((c for c in all_categories if c.slug == UNGROUPED_SLUG), None)
    if ungrouped is None and UNGROUPED_KEY in skill_category.values():
        ungrouped = SkillCategory(slug=UNGROUPED_SLUG, name=UNGROUPED_NAME)
        new.append(ungrouped)
    SkillCategory.objects.bulk_create(new)
    with_parent = [c for c in new if data.group_parent.get(c.external_uri) in by_uri]
    for category in with_parent:
        category.parent = by_uri[data.group_parent[category.external_uri]]
    SkillCategory.objects.bulk_update(with_parent, ["parent"])
    summary.categories_created = len(new)
    categories = {_category_key(c): c for c in [*all_categories, *new]}
    if ungrouped is not None:
        categories[UNGROUPED_KEY] = ungrouped
    return categories, skill_category


def _skill_categories(data: EscoData) -> dict[str, str]:
    """Each ESCO skill's category key: its broader group, the group of its broader skill, or ungrouped."""
    memo: dict[str, str] = {}

    def key_of(uri: str, seen: frozenset[str] = frozenset()) -> str:
        if uri in memo:
            return memo[uri]
        broader = sorted(data.skill_broader.get(uri, []), key=lambda b: (b not in data.groups, b))
        key = UNGROUPED_KEY
        if broader and broader[0] in data.groups:
            key = broader[0]
        elif broader and broader[0] not in seen:
            key = key_of(broader[0], seen | {uri})
        memo[uri] = key
        return key

    return {uri: key_of(uri) for uri in data.skills}


def _write_skills(
    data: EscoData, categories: dict[str, SkillCategory], skill_category: dict[str, str], summary: EscoSummary
) -> dict[str, int]:
    """Create, update or adopt every ESCO skill and its aliases; returns skill id by ESCO URI."""
    category_key_by_id = {c.pk: key for key, c in categories.items()}
    skills = {s.pk: s for s in Skill.objects.only("id", "slug", "label", "description", "skill_type", "category_id")}
    ext_ids = {e.identifier: e for e in SkillExternalId.objects.filter(scheme=SCHEME)}
    esco_skill_ids = {e.skill_id for e in ext_ids.values()}
    unlinked_by_label = {s.label.lower(): s for s in skills.values() if s.pk not in esco_skill_ids}
    uris = sorted(data.skills)

    matched: dict[str, Skill] = {}
    adopted: dict[str, Skill] = {}
    for uri in uris:
        if uri in ext_ids:
            matched[uri] = skills[ext_ids[uri].skill_id]
        else:
            local = unlinked_by_label.pop(data.skills[uri].label.lower(), None)
            if local is not None:
                adopted[uri] = local

    def current(skill: Skill) -> dict:
        return {"label": skill.label, "description": skill.description, "skill_type": skill.skill_type,
                "category": category_key_by_id.get(skill.category_id, "")}

    # Labels: first those that stay (not ESCO's to change), then ESCO's in a stable order.
    relabel = [uri for uri in uris if uri not in adopted and not (
        uri in matched and ext_ids[uri].imported.get("label") != matched[uri].label)]
    relabel_set = set(relabel)
    moving = {s.pk for uri, s in matched.items() if uri in relabel_set}
    taken = {s.label.lower() for pk, s in skills.items() if pk not in moving}
    relabel.sort(key=lambda u: (not (u in matched and matched[u].label.lower() == data.skills[u].label.lower()), u))
    labels: dict[str, str] = {}
    for uri in relabel:
        esco = data.skills[uri]
        label = _first_free(
            [esco.label, _with_suffix(esco.label, TYPE_WORDS[esco.skill_type]), _with_suffix(esco.label, _uri_tail(uri))],
            lambda candidate: candidate.lower() not in taken,
        )
        taken.add(label.lower())
        labels[uri] = label

    def wanted(uri: str) -> dict:
        esco = data.skills[uri]
        return {"label": labels.get(uri, esco.label), "description": esco.description, "skill_type": esco.skill_type,
                "category": skill_category[uri]}

    # Existing ESCO skills: write what was not edited here.
    updated: dict[int, Skill] = {}
    relabelled: list[Skill] = []
    ext_updates: list[SkillExternalId] = []
    snapshots: dict[str, dict] = {}
    for uri, skill in matched.items():
        ext = ext_ids[uri]
        want = wanted(uri)
        write, kept = _changed_fields(current(skill), ext.imported or None, want)
        summary.skills_kept_local_edits += kept
        if "label" in write:
            relabelled.append(skill)
        for name, value in write.items():
            if name == "category":
                skill.category = categories[value]
            else:
                setattr(skill, name, value)
        if write:
            updated[skill.pk] = skill
        snapshots[uri] = want
    if relabelled:
        # Two skills may swap labels: park them first so the case-insensitive unique index never sees a clash.
        parked = [Skill(pk=s.pk, label=f"~esco relabel {s.pk}") for s in relabelled]
        Skill.objects.bulk_update(parked, ["label"], batch_size=500)
    Skill.objects.bulk_update(list(updated.values()), ["label", "description", "skill_type", "category"], batch_size=500)

    # Adopted local skills keep their values: the ESCO ones go into the snapshot only.
    for uri in adopted:
        snapshots[uri] = wanted(uri)
    summary.skills_adopted = len(adopted)
    summary.skills_kept_local_edits += sum(current(s) != snapshots[u] for u, s in adopted.items())

    slugs = {s.slug for s in skills.values()}
    created: dict[str, Skill] = {}
    for uri in uris:
        if uri not in matched and uri not in adopted:
            want = wanted(uri)
            created[uri] = Skill(slug=_unique_slug(want["label"], _uri_tail(uri), slugs, 120), label=want["label"],
                                 description=want["description"], skill_type=want["skill_type"],
                                 category=categories[want["category"]])
            snapshots[uri] = want
    Skill.objects.bulk_create(created.values(), batch_size=500)
    summary.skills_created = len(created)

    skill_by_uri = {**matched, **adopted, **created}
    alias_snapshots, alias_changed = _write_aliases(data, skill_by_uri, ext_ids, skills, created)
    for uri in matched:
        ext = ext_ids[uri]
        snapshot = {**snapshots[uri], "aliases": alias_snapshots[uri]}
        if ext.imported != snapshot:
            ext.imported = snapshot
            ext_updates.append(ext)
    SkillExternalId.objects.bulk_update(ext_updates, ["imported"], batch_size=500)
    SkillExternalId.objects.bulk_create(
        [SkillExternalId(skill=skill_by_uri[uri], scheme=SCHEME, identifier=uri,
                         imported={**snapshots[uri], "aliases": alias_snapshots[uri]})
         for uri in uris if uri not in matched],
        batch_size=500,
    )
    changed = set(updated) | alias_changed
    summary.skills_updated = sum(s.pk in changed for s in matched.values())
    summary.skills_unchanged = len(matched) - summary.skills_updated
    return {uri: s.pk for uri, s in skill_by_uri.items()}


def _write_aliases(
    data: EscoData, skill_by_uri: dict[str, Skill], ext_ids: dict[str, SkillExternalId], skills: dict[int, Skill],
    created: dict[str, Skill],
) -> tuple[dict[str, list[str]], set[int]]:
    """Add ESCO's aliases and remove those ESCO dropped; returns each URI's alias snapshot and the skills changed."""
    all_labels = {s.label.lower() for s in skills.values()} | {s.label.lower() for s in created.values()}
    existing: dict[int, dict[str, SkillAlias]] = defaultdict(dict)
    owner: dict[str, int] = {}
    for alias in SkillAlias.objects.only("id", "skill_id", "alias"):
        existing[alias.skill_id][alias.alias.lower()] = alias
        owner[alias.alias.lower()] = alias.skill_id
    uris = sorted(skill_by_uri)
    desired = {uri: [a for a in data.skills[uri].aliases if a.lower() not in all_labels] for uri in uris}
    previous = {uri: {a.lower() for a in ext_ids[uri].imported.get("aliases", [])} if uri in ext_ids else set()
                for uri in uris}
    changed: set[int] = set()
    gone: list[int] = []
    for uri in uris:  # removals first: they free aliases for other skills
        skill_id = skill_by_uri[uri].pk
        keep = {a.lower() for a in desired[uri]}
        for lowered in previous[uri] - keep:
            alias = existing[skill_id].pop(lowered, None)
            if alias is not None:
                gone.append(alias.pk)
                del owner[lowered]
                changed.add(skill_id)
    SkillAlias.objects.filter(pk__in=gone).delete()
    new: list[SkillAlias] = []
    snapshots: dict[str, list[str]] = {}
    for uri in uris:
        skill_id = skill_by_uri[uri].pk
        snapshot = []
        for alias in desired[uri]:
            lowered = alias.lower()
            if lowered in existing[skill_id] or lowered in previous[uri]:
                snapshot.append(alias)  # there already, or an admin deleted it: either way not added
            elif owner.get(lowered, skill_id) == skill_id:
                new.append(SkillAlias(skill_id=skill_id, alias=alias))
                owner[lowered] = skill_id
                existing[skill_id][lowered] = new[-1]
                changed.add(skill_id)
                snapshot.append(alias)
            # else: another skill's alias; left out of the snapshot so a later import tries again
        snapshots[uri] = snapshot
    SkillAlias.objects.bulk_create(new, batch_size=1000)
    return snapshots, changed


def _write_roles(data: EscoData, skill_ids: dict[str, int], summary: EscoSummary) -> None:
    families = list(RoleFamily.objects.all())
    by_uri = {f.external_uri: f for f in families if f.external_uri}
    by_name = {f.name: f for f in families}
    family_slugs = {f.slug for f in families}

    def family_for(major: str) -> RoleFamily:
        uri = ISCO_URI.format(major) if major in ISCO_MAJOR_GROUPS else ""
        name = ISCO_MAJOR_GROUPS[major] if uri else OCCUPATIONS_FAMILY
        family = by_uri.get(uri) if uri else None
        family = family or by_name.get(name)
        if family is None:
            family = RoleFamily.objects.create(
                slug=_unique_slug(name, f"isco-{major}", family_slugs, 120), name=name, external_uri=uri
            )
            by_name[name] = family
            if uri:
                by_uri[uri] = family
        return family

    roles = list(Role.objects.only("id", "slug", "title", "family_id", "level", "description", "external_uri", "imported"))
    family_key = {f.pk: f.external_uri or f"name:{f.name}" for f in families}
    by_occupation = {r.external_uri: r for r in roles if r.external_uri in data.occupations}
    uris = sorted(data.occupations)
    want_family = {uri: family_for(data.occupations[uri].isco_major) for uri in uris}
    family_key.update({f.pk: f.external_uri or f"name:{f.name}" for f in want_family.values()})

    # Decide each role's family first, then its title, so (family, title, level) stays unique.
    final_family: dict[str, int] = {}
    plans: dict[str, dict] = {}
    for uri in uris:
        role = by_occupation.get(uri)
        occupation = data.occupations[uri]
        want = {"title": occupation.title, "description": occupation.description,
                "family": family_key[want_family[uri].pk]}
        if role is None:
            final_family[uri] = want_family[uri].pk
            plans[uri] = {"write": {}, "kept": False, "want": want}
            continue
        cur = {"title": role.title, "description": role.description, "family": family_key.get(role.family_id)}
        write, kept = _changed_fields(cur, role.imported or None, want)
        final_family[uri] = want_family[uri].pk if "family" in write else role.family_id
        plans[uri] = {"write": write, "kept": kept, "want": want}
    retitled = {uri for uri in uris if uri not in by_occupation or "title" in plans[uri]["write"]}
    taken = {(r.family_id, r.title, r.level) for r in roles if r.external_uri not in retitled}
    for r in roles:  # a role keeping its title may still move family
        if r.external_uri in data.occupations and r.external_uri not in retitled:
            taken.discard((r.family_id, r.title, r.level))
            taken.add((final_family[r.external_uri], r.title, r.level))
    for uri in sorted(retitled, key=lambda u: (u not in by_occupation, u)):
        role = by_occupation.get(uri)
        level = role.level if role else ROLE_LEVEL
        title = data.occupations[uri].title
        title = _first_free([title, _with_suffix(title, "ESCO"), _with_suffix(title, _uri_tail(uri))],
                            lambda t, fam=final_family[uri], lvl=level: (fam, t, lvl) not in taken)
        taken.add((final_family[uri], title, level))
        plans[uri]["want"]["title"] = title
        if role is not None and role.title != title:
            plans[uri]["write"]["title"] = title
        elif role is not None:
            del plans[uri]["write"]["title"]

    changed_roles: set[int] = set()
    updated: list[Role] = []
    parked: list[Role] = []
    for uri, role in by_occupation.items():
        plan = plans[uri]
        write = plan["write"]
        summary.roles_kept_local_edits += plan["kept"]
        if "title" in write:
            parked.append(Role(pk=role.pk, title=f"~esco retitle {role.pk}"))
        if "family" in write:
            role.family_id = final_family[uri]
        for name in ("title", "description"):
            if name in write:
                setattr(role, name, write[name])
        if write:
            updated.append(role)
            changed_roles.add(role.pk)
    Role.objects.bulk_update(parked, ["title"], batch_size=500)
    Role.objects.bulk_update(updated, ["title", "description", "family"], batch_size=500)
    role_slugs = {r.slug for r in roles}
    created = [
        Role(slug=_unique_slug(plans[uri]["want"]["title"], _uri_tail(uri), role_slugs, 160),
             title=plans[uri]["want"]["title"], family_id=final_family[uri], level=ROLE_LEVEL,
             description=plans[uri]["want"]["description"], external_uri=uri)
        for uri in uris if uri not in by_occupation
    ]
    Role.objects.bulk_create(created, batch_size=500)
    summary.roles_created = len(created)
    role_by_uri = {**by_occupation, **{r.external_uri: r for r in created}}

    skill_changed = _write_role_skills(data, role_by_uri, skill_ids, summary)
    changed_roles |= skill_changed
    snapshot_updates = []
    for uri, role in role_by_uri.items():
        snapshot = {**plans[uri]["want"], "skills": {
            s: "essential" if e else "optional" for s, e in sorted(data.occupation_skills.get(uri, {}).items())
        }}
        if role.imported != snapshot:
            role.imported = snapshot
            snapshot_updates.append(role)
    Role.objects.bulk_update(snapshot_updates, ["imported"], batch_size=500)
    summary.roles_updated = len(changed_roles & {r.pk for r in by_occupation.values()})
    summary.roles_unchanged = len(by_occupation) - summary.roles_updated
    if changed_roles - {r.pk for r in created}:
        # The gap to a target role is where its aspirants grow: their rankings change.
        aspirants = Aspiration.objects.filter(target_roles__in=changed_roles).values_list("employee_id", flat=True)
        stamps.people_changed(*set(aspirants))


def _write_role_skills(
    data: EscoData, role_by_uri: dict[str, Role], skill_ids: dict[str, int], summary: EscoSummary
) -> set[int]:
    """Each role's skills from occupationSkillRelations, keeping what an admin added, removed or edited."""
    uri_by_skill = {sid: uri for uri, sid in skill_ids.items()}
    current: dict[int, dict[int, RoleSkill]] = defaultdict(dict)
    role_ids = [r.pk for r in role_by_uri.values()]
    for i in range(0, len(role_ids), 900):
        for rs in RoleSkill.objects.filter(role_id__in=role_ids[i: i + 900]).only("id", "role_id", "skill_id",
                                                                                   "proficiency", "is_essential"):
            current[rs.role_id][rs.skill_id] = rs
    new: list[RoleSkill] = []
    moved: list[RoleSkill] = []
    gone: list[int] = []
    changed: set[int] = set()
    for uri in sorted(role_by_uri):
        role = role_by_uri[uri]
        previous = {s: k == "essential" for s, k in (role.imported or {}).get("skills", {}).items()}
        wanted = data.occupation_skills.get(uri, {})
        have = current.get(role.pk, {})
        kept = False
        seen: set[int] = set()
        for skill_uri, essential in sorted(wanted.items()):
            skill_id = skill_ids[skill_uri]
            if skill_id in seen:  # two ESCO URIs linked to one skill here
                continue
            seen.add(skill_id)
            values = (PROFICIENCY[essential], essential)
            rs = have.get(skill_id)
            if rs is None:
                if skill_uri not in previous:  # in the previous snapshot but gone: an admin removed it
                    new.append(RoleSkill(role=role, skill_id=skill_id, proficiency=values[0], is_essential=essential))
                    changed.add(role.pk)
                continue
            now = (rs.proficiency, rs.is_essential)
            if skill_uri in previous and now == (PROFICIENCY[previous[skill_uri]], previous[skill_uri]):
                if now != values:
                    rs.proficiency, rs.is_essential = values
                    moved.append(rs)
                    changed.add(role.pk)
            elif now != values:
                kept = True
        for skill_id, rs in have.items():
            skill_uri = uri_by_skill.get(skill_id)
            unedited = skill_uri in previous and (rs.proficiency, rs.is_essential) == (
                PROFICIENCY[previous[skill_uri]], previous[skill_uri])
            if unedited and skill_uri not in wanted:  # ESCO dropped it and no one here changed it
                gone.append(rs.pk)
                changed.add(role.pk)
        summary.roles_kept_local_edits += kept
    RoleSkill.objects.bulk_create(new, batch_size=1000)
    RoleSkill.objects.bulk_update(moved, ["proficiency", "is_essential"], batch_size=500)
    for i in range(0, len(gone), 900):
        RoleSkill.objects.filter(pk__in=gone[i: i + 900]).delete()
    summary.role_skills_written = len(new) + len(moved) + len(gone)
    return changed


def _write_related(relations: dict[tuple[str, str], bool], skill_ids: dict[str, int], summary: EscoSummary) -> None:
    # Holding the related skill gives partial credit when the original is asked: from = related, to = original.
    wanted = {(skill_ids[related], skill_ids[original]): essential for (original, related), essential in relations.items()}
    existing = {(r.from_skill_id, r.to_skill_id): r for r in RelatedSkill.objects.only(
        "id", "from_skill_id", "to_skill_id", "weight", "source", "detail", "rejected", "reviewed_at")}
    new, moved = [], []
    for (from_id, to_id), essential in sorted(wanted.items()):
        if from_id == to_id:  # two ESCO URIs linked to one skill here
            continue
        weight, detail = RELATED_WEIGHT[essential], RELATED_DETAIL[essential]
        pair = existing.get((from_id, to_id))
        if pair is None:
            new.append(RelatedSkill(from_skill_id=from_id, to_skill_id=to_id, weight=weight,
                                    source=RelatedSkill.Source.TAXONOMY, detail=detail))
        elif _ours(pair) and (pair.weight, pair.detail) != (weight, detail):
            pair.weight, pair.detail = weight, detail
            moved.append(pair)
    gone = [r.pk for key, r in existing.items() if _ours(r) and key not in wanted]
    RelatedSkill.objects.bulk_create(new, batch_size=1000)
    RelatedSkill.objects.bulk_update(moved, ["weight", "detail"], batch_size=500)
    for i in range(0, len(gone), 900):
        RelatedSkill.objects.filter(pk__in=gone[i: i + 900]).delete()
    summary.related_written = len(new) + len(moved)
    summary.related_removed = len(gone)


def _ours(pair: RelatedSkill) -> bool:
    """A pair an earlier import wrote and no admin has reviewed or rejected since."""
    return (pair.source == RelatedSkill.Source.TAXONOMY and pair.detail.startswith(RELATED_PREFIX)
            and not pair.rejected and pair.reviewed_at is None)
