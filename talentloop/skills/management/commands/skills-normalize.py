"""`talentloop skills-normalize "py scripting"`: the taxonomy skills a free-text phrase most likely names."""

from __future__ import annotations

from talentloop.skills import intelligence
from talentloop.skills.management.commands._suggest import SuggestCommand


class Command(SuggestCommand):
    help = "Print the taxonomy skills a short free-text phrase most likely names, best first, with their scores."

    def add_arguments(self, parser) -> None:
        parser.add_argument("phrase", nargs="+", help="The phrase, e.g. py scripting")
        super().add_arguments(parser)

    def handle(self, *args, **options) -> None:
        phrase = " ".join(options["phrase"])
        if len(phrase) > intelligence.MAX_PHRASE:
            from django.core.management.base import CommandError

            raise CommandError(f"A phrase has at most {intelligence.MAX_PHRASE} characters; use skills-infer for a text.")
        self.answer(phrase, options, intelligence.normalize)
