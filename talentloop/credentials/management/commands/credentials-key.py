"""talentloop credentials-key create|rotate|list: the organisation's Ed25519 key for signing credentials."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from talentloop.credentials import services
from talentloop.credentials.models import SigningKey
from talentloop.errors import DomainError


class Command(BaseCommand):
    help = "Create, rotate or list the Ed25519 keys that sign credentials (retired keys still verify old ones)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "rotate", "list"])

    def handle(self, *args, action: str, **options):
        if action == "list":
            for key in SigningKey.objects.order_by("created_at", "id"):
                state = "current" if key.retired_at is None else f"retired {key.retired_at:%Y-%m-%d %H:%M}"
                self.stdout.write(f"{key.kid}  created {key.created_at:%Y-%m-%d %H:%M}  {state}")
            return
        try:
            key = services.create_key() if action == "create" else services.rotate_key()
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"Signing key {key.kid} is current."))
        self.stdout.write(key.public_key_pem.strip())
