"""What `talentloop skills-normalize` and `talentloop skills-infer` share: the arguments and the printed answer."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from talentloop.skills import intelligence


class SuggestCommand(BaseCommand):
    default_limit = 10

    def add_arguments(self, parser) -> None:
        parser.add_argument("--limit", type=int, default=self.default_limit, help="How many skills at most (1-50).")
        parser.add_argument("--json", action="store_true", help="Print JSON, as the API answers.")

    task = "normalize"

    def answer(self, text: str, options: dict, ask) -> None:
        limit = options["limit"]
        if not 1 <= limit <= 50:
            raise CommandError(f"--limit must be from 1 to 50, got {limit}.")
        if not text.strip():
            raise CommandError("The text is empty.")
        suggestions = ask(text, limit)
        if options["json"]:
            results = [
                {"id": s.skill.slug, "label": s.skill.label, "score": s.score, "passage": s.passage, "start": s.start,
                 "end": s.end, "signal": s.signal, "matched": s.matched}
                for s in suggestions
            ]
            self.stdout.write(json.dumps({"method": intelligence.method(self.task), "results": results}, indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"({intelligence.method(self.task)})")
        if not suggestions:
            self.stdout.write("No skill in the taxonomy is close enough.")
        for s in suggestions:
            passage = f"  « {s.passage} »" if s.passage != text.strip() else ""
            self.stdout.write(f"{s.score:5.2f}  {s.skill.label} [{s.skill.slug}] ({s.signal}){passage}")
