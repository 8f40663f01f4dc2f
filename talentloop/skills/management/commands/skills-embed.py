"""`talentloop skills-embed`: embed the active taxonomy now (after an import), so the first request does not wait."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from talentloop.skills import intelligence


class Command(BaseCommand):
    help = (
        "Embed every active skill with the configured model and keep the vectors in the cache table (names already "
        "embedded are skipped). Normalisation, inference and related skills then start without waiting."
    )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        intelligence.forget_index()
        _, skills = intelligence.current_index()
        took = time.perf_counter() - started
        models = sorted({intelligence.method("normalize"), intelligence.method("infer")} - {"lexical"})
        if not models:
            self.stdout.write(f"No embedding model ({intelligence.model_name()}): {len(skills)} skills use lexical matching.")
            return
        self.stdout.write(f"{len(skills):,} skills embedded with {' and '.join(models)} in {took:.1f} s.")
