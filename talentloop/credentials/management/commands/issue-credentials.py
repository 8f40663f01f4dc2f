"""talentloop issue-credentials [--employee PUBLIC_ID ...]: issue every credential people have earned and lack."""

from __future__ import annotations

import uuid

from django.core.management.base import BaseCommand, CommandError

from talentloop.credentials import services
from talentloop.people.models import Employee


class Command(BaseCommand):
    help = "Check every active achievement against people's evidence and issue the credentials newly earned."

    def add_arguments(self, parser):
        parser.add_argument("--employee", action="append", default=[], metavar="PUBLIC_ID",
                            help="Only this person (their public id); repeat for more. Default: everyone current.")

    def handle(self, *args, employee: list[str], **options):
        people = Employee.objects.select_related("user").filter(leave_date__isnull=True).order_by("pk")
        if employee:
            try:
                ids = [uuid.UUID(e) for e in employee]
            except ValueError as exc:
                raise CommandError(f"Not a public id: {exc}") from exc
            people = people.filter(public_id__in=ids)
            if people.count() != len(set(ids)):
                raise CommandError("Some of those people do not exist or have left.")
        issued = 0
        for person in people.iterator(chunk_size=500):
            for credential in services.evaluate_and_issue(person):
                issued += 1
                self.stdout.write(f"{person.name}: {credential.achievement.name} ({credential.public_id})")
        self.stdout.write(self.style.SUCCESS(f"Issued {issued} credential{'s' if issued != 1 else ''}."))
