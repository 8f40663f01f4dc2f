"""`talentloop export-learning FILE.csv`: write the active catalog as CSV, in the columns import-learning reads."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talentloop.learning import services


class Command(BaseCommand):
    help = "Export the active learning catalog as CSV (the format import-learning reads). FILE '-' writes to stdout."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="where to write the CSV, or - for standard output")

    def handle(self, *args, file: str, **options) -> None:
        lines = services.export_catalog_csv()
        if file == "-":
            for line in lines:
                self.stdout.write(line, ending="")
            return
        try:
            with Path(file).open("w", encoding="utf-8", newline="") as out:
                count = -1
                for line in lines:
                    out.write(line)
                    count += 1
        except OSError as exc:
            raise CommandError(f"Cannot write {file}: {exc}") from exc
        self.stdout.write(f"Exported {count} learning items to {file}.")
