"""`talentloop demo`: build the demo organisation (deterministic for a seed) and print its sign-ins."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from talentloop.demo.generator import (
    MIN_EMPLOYEES,
    DemoError,
    build_demo,
    organisation_exists,
    sign_ins_table,
)
from talentloop.people.models import Employee


class Command(BaseCommand):
    help = "Build a plausible demo organisation: departments, roles, people with skills, opportunities, applications."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--employees", type=int, default=2000, help="how many employees (at least 20; default 2,000: enough people for most analytics figures to pass the minimum group)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed builds the same organisation (default 1)")
        parser.add_argument("--opportunities", type=int, default=None, help="how many opportunities (default employees / 5)")
        parser.add_argument("--replace", action="store_true", help="delete the existing organisation first")
        parser.add_argument("--if-empty", action="store_true", help="do nothing if the database already holds an organisation")

    def handle(self, *args, employees: int, seed: int, opportunities: int | None, replace: bool, if_empty: bool, **options) -> None:
        if employees < MIN_EMPLOYEES:
            raise CommandError(f"--employees must be at least {MIN_EMPLOYEES}, got {employees}")
        if if_empty and organisation_exists():
            count = Employee.objects.count()
            self.stdout.write(f"The database already holds an organisation ({count:,} employees): left as it is.")
            return
        if not replace and organisation_exists():
            raise CommandError("The database already holds an organisation. Use --replace to delete it and build the demo.")
        self.stdout.write(f"Building the demo organisation: {employees:,} employees, seed {seed}…")
        try:
            summary = build_demo(employees, seed, opportunities=opportunities, replace=replace, stdout=self.stdout)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("\n".join(summary.lines()))
        self.stdout.write("\nDemo sign-ins (one per persona):")
        self.stdout.write("\n".join(sign_ins_table(summary.password, with_can_do=True)))
