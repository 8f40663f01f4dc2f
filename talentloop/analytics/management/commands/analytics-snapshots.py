"""`talentloop analytics-snapshots`: take the analytics snapshots now (the worker takes them every hour)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from talentloop.analytics import snapshots


class Command(BaseCommand):
    help = (
        "Take the analytics snapshots (skills supply, monthly active people) now, replacing the last ones: after a "
        "bulk import, or where no worker runs. The worker takes them every hour."
    )

    def handle(self, *args, **options) -> None:
        cells = snapshots.take()
        self.stdout.write("Analytics snapshots taken: " + ", ".join(f"{name} {n:,} cells" for name, n in cells.items()) + ".")
