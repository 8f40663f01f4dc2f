"""The only code that writes credentials: keys, issuance, revocation and the holder's choice to hide one."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from talentloop.accounts.personas import Personas
from talentloop.credentials import criteria, document, keys
from talentloop.credentials.models import STATUS_LIST_BITS, Achievement, Credential, SigningKey
from talentloop.errors import Conflict, Forbidden, InvalidInput, NotFound
from talentloop.people.models import Employee, SkillEvidence

log = logging.getLogger(__name__)


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def issuer_id() -> str:
    return absolute(reverse("credentials:issuer"))


def status_list_url(number: int) -> str:
    return absolute(reverse("credentials:status_list", args=[number]))


def status_lists_in_use() -> int:
    top = Credential.objects.order_by("-status_index").values_list("status_index", flat=True).first()
    return 0 if top is None else top // STATUS_LIST_BITS + 1


def _free_status_index() -> int:
    """A random unused bit. Lists are kept at most half full, so a draw rarely hits a taken bit; a race with
    another issuance on the same bit fails on the unique constraint and that credential is issued next time."""
    lists = 1 + Credential.objects.count() // (STATUS_LIST_BITS // 2)
    while True:
        index = secrets.randbelow(lists * STATUS_LIST_BITS)
        if not Credential.objects.filter(status_index=index).exists():
            return index


# --- keys ------------------------------------------------------------------------------------------------------


def current_key() -> SigningKey | None:
    return SigningKey.objects.filter(retired_at__isnull=True).first()


@transaction.atomic
def create_key() -> SigningKey:
    """The first key. Refused when one is current: replacing it is a rotation."""
    if SigningKey.objects.select_for_update().filter(retired_at__isnull=True).exists():
        raise Conflict("A signing key is already current; rotate it instead.")
    kid, public_pem, private_pem = keys.new_key()
    return SigningKey.objects.create(kid=kid, public_key_pem=public_pem, private_key_pem=private_pem)


@transaction.atomic
def rotate_key() -> SigningKey:
    """Retire the current key (its public half stays published, so what it signed still verifies) and start a
    new one. The retired key's private half is wiped: nothing may be signed with it again."""
    now = timezone.now()
    for old in SigningKey.objects.select_for_update().filter(retired_at__isnull=True):
        old.retired_at = now
        old.private_key_pem = ""
        old.save(update_fields=["retired_at", "private_key_pem"])
    kid, public_pem, private_pem = keys.new_key()
    return SigningKey.objects.create(kid=kid, public_key_pem=public_pem, private_key_pem=private_pem)


def _key_for_signing() -> SigningKey:
    key = SigningKey.objects.select_for_update().filter(retired_at__isnull=True).first()
    if key is None:
        # So that `make run` and the demo issue without a setup step; `talentloop credentials-key create` does the same.
        log.info("No signing key yet: creating one for the first credential.")
        kid, public_pem, private_pem = keys.new_key()
        key = SigningKey.objects.create(kid=kid, public_key_pem=public_pem, private_key_pem=private_pem)
    return key


# --- issuance --------------------------------------------------------------------------------------------------


def _evidence_of(employee_id: int, as_of: dt.datetime | None = None) -> list[criteria.Evidence]:
    rows = SkillEvidence.objects.filter(employee_skill__employee_id=employee_id, verified=True)
    if as_of is not None:
        rows = rows.filter(created_at__lte=as_of)
    rows = rows.values_list("employee_skill__skill_id", "source", "proficiency", "verified")
    return [criteria.Evidence(skill_id=s, source=src, proficiency=p, verified=v) for s, src, p, v in rows]


def _active_criteria(as_of: dt.datetime | None = None) -> list[criteria.Criteria]:
    achievements = Achievement.objects.filter(is_active=True)
    if as_of is not None:
        achievements = achievements.filter(created_at__lte=as_of)
    return [
        criteria.Criteria(achievement_id=pk, skill_id=skill_id, level=level, evidence_sources=frozenset(sources or []))
        for pk, skill_id, level, sources in achievements.values_list("pk", "skill_id", "level", "evidence_sources")
    ]


def _issue(employee: Employee, achievement: Achievement, key: SigningKey, issued_at: dt.datetime) -> Credential:
    credential = Credential(achievement=achievement, employee=employee, issued_at=issued_at, signing_key=key,
                            status_index=_free_status_index())
    user = employee.user
    doc = document.build(document.Issuance(
        credential_uuid=str(credential.public_id), subject_uuid=str(credential.subject_id), issued_at=issued_at,
        holder_name=employee.name, holder_email=user.email or "", email_salt=secrets.token_hex(8),
        achievement_uuid=str(achievement.public_id), achievement_name=achievement.name,
        achievement_description=achievement.description, criteria_narrative=achievement.criteria_narrative,
        skill_label=achievement.skill.label, image_url=achievement.image_url,
        issuer_id=issuer_id(), issuer_name=settings.TALENTLOOP_ORGANISATION_NAME, issuer_url=absolute("/"),
        status_list_url=status_list_url(credential.status_index // STATUS_LIST_BITS),
        status_list_index=credential.status_index % STATUS_LIST_BITS,
    ))
    credential.document = doc
    credential.jwt = keys.sign_compact(document.jwt_payload(doc, issued_at), key.private_key_pem, key.kid)
    credential.save()
    return credential


def evaluate_and_issue(employee: Employee, *, issued_at: dt.datetime | None = None) -> list[Credential]:
    """Issue every active achievement whose criteria the person now meets and does not already hold (a revoked
    credential does not count as held, so it can be earned again). Idempotent: a second call issues nothing.

    `issued_at` (aware, default now) records an issuance at an earlier moment, as the demo's history does: the
    credentials are dated and signed with it (validFrom, nbf), and only the achievements created and the evidence
    recorded by then count."""
    now = timezone.now()
    if issued_at is None:
        issued_at, as_of = now.replace(microsecond=0), None
    else:
        if timezone.is_naive(issued_at):
            raise ValueError("issued_at must be an aware datetime")
        if issued_at > now:
            raise ValueError("A credential cannot be issued in the future.")
        if timezone.localtime(issued_at).date() < employee.hire_date:
            raise ValueError("A credential cannot be issued before the person's hire date.")
        # Whole seconds, as signed (nbf); what was recorded after that second did not exist when it was issued.
        issued_at = as_of = issued_at.replace(microsecond=0)
    if not employee.is_active_employee:
        return []
    with transaction.atomic():
        # One evaluation per person at a time (no ordering: it would join the user row into the lock).
        list(Employee.objects.select_for_update().filter(pk=employee.pk).order_by().values_list("pk", flat=True))
        held = set(Credential.objects.filter(employee=employee, revoked_at__isnull=True).values_list("achievement_id", flat=True))
        due = criteria.newly_met(_active_criteria(as_of), _evidence_of(employee.pk, as_of), held)
        if not due:
            return []
        key = _key_for_signing()
        issued = []
        for achievement in Achievement.objects.select_related("skill").filter(pk__in=due).order_by("pk"):
            try:
                with transaction.atomic():
                    issued.append(_issue(employee, achievement, key, issued_at))
            except IntegrityError:  # issued meanwhile by another process: the constraint keeps it to one
                continue
    for c in issued:
        log.info("Issued credential %s (%s) to employee %s", c.public_id, c.achievement.name, employee.pk)
    return issued


# --- revocation and the holder's choices -----------------------------------------------------------------------


@transaction.atomic
def revoke(p: Personas, credential: Credential, reason: str) -> Credential:
    if not p.is_lod_admin:
        raise Forbidden("Only L&OD admins revoke credentials.")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput({"reason": ["Say why the credential is revoked: the holder and verifiers see it."]})
    if len(reason) > 500:
        raise InvalidInput({"reason": ["At most 500 characters."]})
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.revoked_at is not None:
        raise Conflict("This credential is already revoked.")
    credential.revoked_at = timezone.now()
    credential.revocation_reason = reason
    credential.revoked_by = p.user if p.user.is_authenticated else None
    credential.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
    log.info("Revoked credential %s by user %s: %s", credential.public_id, credential.revoked_by_id, reason)
    return credential


@transaction.atomic
def set_hidden(p: Personas, public_id, hidden: bool) -> Credential:
    """The holder hides a credential from its public pages (or shows it again). Only the holder may."""
    credential = Credential.objects.select_for_update().filter(public_id=public_id).first()
    if credential is None or p.employee is None or credential.employee_id != p.employee.pk:
        raise NotFound("No such credential of yours.")
    credential.hidden = hidden
    credential.save(update_fields=["hidden"])
    return credential


# --- checking a stored credential (the verification page's button) ----------------------------------------------


@dataclass(frozen=True)
class Check:
    signature_valid: bool
    matches_record: bool
    revoked: bool
    reason: str

    @property
    def ok(self) -> bool:
        return self.signature_valid and self.matches_record and not self.revoked


def check(credential: Credential) -> Check:
    """Verify the stored VC-JWT again with the published public key its header names."""
    try:
        header, payload, signing_input, signature = keys.read_compact(credential.jwt)
    except ValueError as exc:
        return Check(False, False, credential.is_revoked, f"The stored token is malformed: {exc}")
    key = SigningKey.objects.filter(kid=header.get("kid")).first()
    if header.get("alg") != "EdDSA" or key is None:
        return Check(False, False, credential.is_revoked, "The token names no published key of this issuer.")
    valid = keys.signature_is_valid(key.public_key_pem, signing_input, signature)
    claims = {k: payload.get(k) for k in ("iss", "sub", "jti", "nbf")}
    matches = {k: v for k, v in payload.items() if k not in claims} == credential.document
    if not valid:
        reason = "The signature does not verify."
    elif not matches:
        reason = "The token does not match the issued record."
    elif credential.is_revoked:
        reason = f"Revoked on {credential.revoked_at:%d %b %Y}: {credential.revocation_reason}"
    else:
        reason = f"Signed by {credential.document['issuer']['name']} with key {key.kid}; not revoked."
    return Check(valid, matches, credential.is_revoked, reason)


def signed_status_list(number: int) -> str | None:
    """Status list `number` as a compact VC-JWT signed with the current key, fresh on every request (valid a day,
    so a stale copy cannot un-revoke for long). None when there is no such list or no key."""
    key = current_key()
    if key is None or not 0 <= number < status_lists_in_use():
        return None
    low, high = number * STATUS_LIST_BITS, (number + 1) * STATUS_LIST_BITS
    revoked = Credential.objects.filter(revoked_at__isnull=False, status_index__gte=low, status_index__lt=high)
    payload = document.status_list(
        status_list_url(number), issuer_id(), [i - low for i in revoked.values_list("status_index", flat=True)],
        STATUS_LIST_BITS, timezone.now().replace(microsecond=0), dt.timedelta(days=1),
    )
    return keys.sign_compact(payload, key.private_key_pem, key.kid)
