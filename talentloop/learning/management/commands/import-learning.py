"""`talentloop import-learning FILE.csv`: create or update catalog items from a CSV file; all rows or none."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talentloop.errors import InvalidInput
from talentloop.learning import services


class Command(BaseCommand):
    help = (
        "Import learning items from CSV (columns: slug,title,kind,provider,url,duration_minutes,format,compliance,"
        "activity_id,skills,description; skills like 'python:3;sql:2'). Items are matched by slug; any bad row and "
        "nothing is imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the CSV file (UTF-8)")

    def handle(self, *args, file: str, **options) -> None:
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        try:
            summary = services.import_catalog(None, text)
        except InvalidInput as exc:
            lines = [f"  {where}: {'; '.join(msgs)}" for where, msgs in exc.errors.items()]
            raise CommandError("Nothing was imported:\n" + "\n".join(lines)) from exc
        self.stdout.write(f"Imported {file}: {summary}.")
