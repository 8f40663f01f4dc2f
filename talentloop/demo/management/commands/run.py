"""`talentloop run`: migrate, load the demo organisation if the database is empty, print the sign-ins, serve."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from talentloop.demo.generator import DEMO_PERSONAS, organisation_exists, sign_ins_table


class Command(BaseCommand):
    help = "Set up the database, load the demo organisation when it is empty, and serve the app."
    requires_system_checks = []  # runserver checks once the database is migrated

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--employees", type=int, default=500, help="size of the demo organisation if one is built")

    def handle(self, *args, host: str, port: int, employees: int, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0, stdout=self.stdout)
        self.stdout.write("Database migrated.")
        existed = organisation_exists()
        call_command("demo", employees=employees, if_empty=True, stdout=self.stdout)  # prints the sign-ins when it builds
        if existed:
            demo_users = User.objects.filter(username__in=[p.username for p in DEMO_PERSONAS])
            if demo_users.exists():
                self.stdout.write("\nDemo sign-ins (one per persona):")
                self.stdout.write("\n".join(sign_ins_table(settings.TALENTLOOP["DEMO_PASSWORD"], with_can_do=True)))
            else:
                self.stdout.write("\nThis database was not built by `talentloop demo`: there are no demo sign-ins.")
        self.stdout.write(f"\nServing http://{host}:{port}/ (Ctrl-C stops)\n")
        call_command("runserver", f"{host}:{port}", use_reloader=False)
