"""The catalog as CSV: parse and check a whole file (every error, by row and column) before anything is written, and
write the catalog back out in the same columns, so an export imports again unchanged. docs/learning.md shows the format.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first item row 2.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from talentloop.errors import InvalidInput
from talentloop.learning.models import ItemFormat, ItemKind

COLUMNS = [
    "slug", "title", "kind", "provider", "url", "duration_minutes", "format", "compliance", "activity_id", "skills",
    "description",
]
REQUIRED_COLUMNS = ("slug", "title", "kind")
MAX_ROWS = 20_000
MAX_ERRORS = 50  # enough to fix a file in one go, short enough to read
MAX_SKILLS = 30
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
TRUE, FALSE = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LIMITS = {"slug": 120, "title": 200, "provider": 200, "url": 500, "activity_id": 500, "description": 4000}


@dataclass
class ItemRow:
    row: int
    slug: str
    title: str
    kind: str
    provider: str = ""
    url: str = ""
    duration_minutes: int = 0
    format: str = ItemFormat.ONLINE
    compliance: bool = False
    activity_id: str = ""
    skills: dict[str, int] = field(default_factory=dict)  # skill slug -> target level, in file order
    description: str = ""


def _uncell(text: str) -> str:
    """Undo the export's guard against spreadsheet formulas ('=x is written for =x)."""
    text = text.strip()
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_START else text


def cell(value) -> str:
    """A text cell a spreadsheet will not run as a formula (a title may start with = or @)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_START else text


def parse_skills(text: str) -> tuple[dict[str, int], list[str]]:
    """"python:3;sql:2" -> {"python": 3, "sql": 2}, with the problems found."""
    skills: dict[str, int] = {}
    problems: list[str] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        slug, sep, level = part.rpartition(":")
        slug = slug.strip()
        if not sep or not slug:
            problems.append(f"'{part}' is not skill:level (e.g. python:3)")
        elif not level.strip().isdigit() or not 1 <= int(level) <= 5:
            problems.append(f"level '{level.strip()}' of '{slug}' is not a proficiency from 1 to 5")
        elif slug in skills:
            problems.append(f"skill '{slug}' is listed twice")
        else:
            skills[slug] = int(level)
    if len(skills) > MAX_SKILLS:
        problems.append(f"at most {MAX_SKILLS} skills")
    return skills, problems


def _parse_row(n: int, raw: dict[str, str], errors: dict[str, list[str]]) -> ItemRow | None:
    values = {c: _uncell(raw.get(c) or "") for c in COLUMNS}

    def bad(column: str, message: str) -> None:
        errors.setdefault(f"row {n}, column {column}", []).append(message)

    before = len(errors)
    for column in REQUIRED_COLUMNS:
        if not values[column]:
            bad(column, "required")
    for column, limit in LIMITS.items():
        if len(values[column]) > limit:
            bad(column, f"at most {limit} characters")
    if values["slug"] and not SLUG.match(values["slug"]):
        bad("slug", f"'{values['slug']}' may hold only letters, digits, - and _")
    if values["kind"] and values["kind"] not in ItemKind.values:
        bad("kind", f"unknown kind '{values['kind']}'; one of: {', '.join(ItemKind.values)}")
    fmt = values["format"] or ItemFormat.ONLINE
    if fmt not in ItemFormat.values:
        bad("format", f"unknown format '{fmt}'; one of: {', '.join(ItemFormat.values)}")
    if values["url"]:
        try:
            URLValidator(schemes=["http", "https"])(values["url"])
        except ValidationError:
            bad("url", f"'{values['url']}' is not an http(s) address")
    duration = values["duration_minutes"] or "0"
    if not duration.isdigit() or int(duration) > 100_000:
        bad("duration_minutes", f"'{duration}' is not a whole number of minutes")
    compliance = values["compliance"].lower()
    if compliance not in TRUE | FALSE:
        bad("compliance", f"'{values['compliance']}' is not true or false")
    if values["activity_id"] and not IRI.match(values["activity_id"]):
        bad("activity_id", f"'{values['activity_id']}' is not an IRI (e.g. https://lms.example.org/courses/sql-101)")
    skills, problems = parse_skills(values["skills"])
    for problem in problems:
        bad("skills", problem)
    if len(errors) > before:
        return None
    return ItemRow(
        row=n, slug=values["slug"], title=values["title"], kind=values["kind"], provider=values["provider"],
        url=values["url"], duration_minutes=int(duration), format=fmt, compliance=compliance in TRUE,
        activity_id=values["activity_id"], skills=skills, description=values["description"],
    )


def parse(text: str) -> list[ItemRow]:
    """Every row of the file, checked on its own and against the other rows; InvalidInput lists every problem found
    (up to MAX_ERRORS). Checks against the database (known skills, taken activity ids) are the import's."""
    if "\x00" in text:
        raise InvalidInput({"file": ["The file holds null characters; is it a CSV file?"]})
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    errors: dict[str, list[str]] = {}
    if not header:
        raise InvalidInput({"file": ["The file is empty; the first row must name the columns."]})
    if missing or unknown:
        messages = [f"missing column(s): {', '.join(missing)}"] if missing else []
        messages += [f"unknown column(s): {', '.join(unknown)}; expected: {', '.join(COLUMNS)}"] if unknown else []
        raise InvalidInput({"row 1": messages})
    rows: list[ItemRow] = []
    seen_slugs: dict[str, int] = {}
    seen_activities: dict[str, int] = {}
    try:
        for n, raw in enumerate(reader, start=2):
            if n - 1 > MAX_ROWS:
                raise InvalidInput({"file": [f"At most {MAX_ROWS:,} items in one file."]})
            if None in raw:
                errors.setdefault(f"row {n}", []).append(f"more cells than the {len(header)} columns")
                continue
            if not any((v or "").strip() for v in raw.values()):
                continue  # a blank line
            item = _parse_row(n, raw, errors)
            if item is None:
                continue
            if item.slug in seen_slugs:
                errors.setdefault(f"row {n}, column slug", []).append(f"'{item.slug}' is also on row {seen_slugs[item.slug]}")
            seen_slugs.setdefault(item.slug, n)
            if item.activity_id and item.activity_id in seen_activities:
                errors.setdefault(f"row {n}, column activity_id", []).append(
                    f"'{item.activity_id}' is also on row {seen_activities[item.activity_id]}"
                )
            if item.activity_id:
                seen_activities.setdefault(item.activity_id, n)
            rows.append(item)
            if len(errors) >= MAX_ERRORS:
                break
    except csv.Error as exc:
        errors.setdefault("file", []).append(f"not readable as CSV: {exc}")
    if errors:
        raise InvalidInput(dict(list(errors.items())[:MAX_ERRORS]))
    if not rows:
        raise InvalidInput({"file": ["No items: the file holds only the header."]})
    return rows


def write(rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV lines: the header, then each row (already in COLUMNS order)."""

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    yield writer.writerow(COLUMNS)
    for row in rows:
        yield writer.writerow([cell(v) for v in row])
