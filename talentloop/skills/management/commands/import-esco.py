"""`talentloop import-esco DIR`: the official ESCO CSV download into the taxonomy and the job architecture; all or nothing."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talentloop.errors import DomainError
from talentloop.skills import esco


class Command(BaseCommand):
    help = (
        "Import ESCO (skills_LANG.csv, occupations_LANG.csv, occupationSkillRelations_LANG.csv, and when present "
        "broaderRelationsSkillPillar_LANG.csv, skillGroups_LANG.csv, skillSkillRelations_LANG.csv) from the unzipped "
        "CSV download. Re-importing is safe: values edited here are kept. Any bad file and nothing is imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="the folder holding the unzipped ESCO CSV files")
        parser.add_argument("--language", default="en", help="the language suffix of the files (default: en)")

    def handle(self, *args, directory: str, language: str, **options) -> None:
        started = time.perf_counter()
        try:
            summary = esco.import_esco(Path(directory), language)
        except DomainError as exc:
            lines = [f"  {where}: {'; '.join(messages)}" for where, messages in exc.errors.items()]
            raise CommandError("Nothing was imported:\n" + "\n".join(lines)) from exc
        self.stdout.write(f"Imported ESCO from {directory} in {time.perf_counter() - started:.1f} s: {summary}.")
        self.stdout.write("ESCO is © European Union, reused under Commission Decision 2011/833/EU; credit it where shown.")
