"""`talentloop related-skills`: recompute the machine-made related skills (embeddings and co-occurrence)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from talentloop.skills import related


class Command(BaseCommand):
    help = (
        "Recompute the related skills found by embedding similarity and by co-occurrence in profiles and roles. "
        "Curated and imported pairs and every pair an admin accepted, edited or rejected are left as they are."
    )

    def handle(self, *args, **options) -> None:
        summary = related.recompute_related_skills()
        self.stdout.write(f"Related skills: {summary}.")
