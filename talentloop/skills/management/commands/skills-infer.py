"""`talentloop skills-infer FILE` (or `-` for standard input): the skills a text shows, with the passage behind each."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import CommandError

from talentloop.skills import intelligence
from talentloop.skills.management.commands._suggest import SuggestCommand


class Command(SuggestCommand):
    help = (
        "Print the skills a text shows (a job description, a CV, a course outline), each with a confidence and the "
        "passage that triggered it. Suggestions only: nothing is written."
    )
    default_limit = 20
    task = "infer"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A UTF-8 text file, or - to read standard input.")
        super().add_arguments(parser)

    def handle(self, *args, **options) -> None:
        name = options["file"]
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {name}: {exc}") from exc
        if len(text) > intelligence.MAX_TEXT:
            raise CommandError(f"The text has {len(text):,} characters; at most {intelligence.MAX_TEXT:,} are read.")
        self.answer(text, options, intelligence.infer)
