"""Public pages of a credential (anyone with the link: verification page, JSON, JWT, baked SVG, status), the
issuer profile and revocation list, the holder's list, and revocation by L&OD admins.

The public pages show the holder's name and the achievement, nothing else about the person."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from talentloop.accounts.personas import personas
from talentloop.accounts.views import domain_error_response
from talentloop.credentials import document, keys, services
from talentloop.credentials.models import Credential, SigningKey
from talentloop.errors import DomainError

LD_JSON = "application/ld+json"


def _public(request, public_id) -> Credential:
    """A hidden credential is public to nobody but its holder and L&OD admins."""
    credential = Credential.objects.select_related("achievement__skill", "employee__user", "signing_key").filter(
        public_id=public_id
    ).first()
    if credential is None:
        raise Http404
    if credential.hidden:
        p = personas(request)
        if not (p.is_lod_admin or (p.employee is not None and p.employee.pk == credential.employee_id)):
            raise Http404
    return credential


def _status(credential: Credential) -> dict:
    return {
        "id": credential.document["id"],
        "status": "revoked" if credential.is_revoked else "valid",
        "revokedAt": document.iso(credential.revoked_at) if credential.revoked_at else None,
        "revocationReason": credential.revocation_reason or None,
    }


@require_GET
def verify_page(request, public_id):
    credential = _public(request, public_id)
    share_url = services.absolute(reverse("credentials:verify", args=[credential.public_id]))
    return render(request, "credentials/verify.html", {
        "credential": credential,
        "status": _status(credential),
        "check": services.check(credential) if request.GET.get("verify") else None,
        "share_url": share_url,
        "can_revoke": personas(request).is_lod_admin and not credential.is_revoked,
    })


@require_GET
def credential_json(request, public_id):
    """The credential exactly as signed; its revocation is on the revocation list and status.json, because the
    signed document cannot change."""
    credential = _public(request, public_id)
    response = JsonResponse(credential.document, content_type=LD_JSON, json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def credential_jwt(request, public_id):
    credential = _public(request, public_id)
    response = HttpResponse(credential.jwt, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="credential-{credential.public_id}.jwt"'
    return response


@require_GET
def credential_svg(request, public_id):
    """A badge image with the VC-JWT baked in (OB 3.0 §5.3.2), the file Open Badges tools verify."""
    credential = _public(request, public_id)
    name = credential.achievement.name
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" '
        'width="240" height="240" viewBox="0 0 240 240">'
        '<circle cx="120" cy="120" r="110" fill="#1d4ed8"/>'
        f'<text x="120" y="128" font-family="sans-serif" font-size="16" fill="#fff" text-anchor="middle">{_xml_text(name)}</text>'
        f'<openbadges:credential verify={quoteattr(credential.jwt)}/>'
        "</svg>"
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="credential-{credential.public_id}.svg"'
    return response


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@require_GET
def status_json(request, public_id):
    return JsonResponse(_status(_public(request, public_id)))


@require_GET
def issuer(request):
    """The issuer Profile, with every public key it ever signed with (retired ones too) as JWKs."""
    signing_keys = list(SigningKey.objects.order_by("created_at", "id"))
    issuer_id = services.issuer_id()
    body = {
        "@context": document.CONTEXT[:2],
        "id": issuer_id,
        "type": ["Profile"],
        "name": settings.TALENTLOOP_ORGANISATION_NAME,
        "url": services.absolute("/"),
        "revocationList": services.absolute(reverse("credentials:revocations")),
        "statusLists": [services.status_list_url(n) for n in range(services.status_lists_in_use())],
        "publicKeys": {"keys": [
            {**keys.public_jwk(k.public_key_pem, k.kid), "status": "current" if k.retired_at is None else "retired"}
            for k in signing_keys
        ]},
    }
    response = JsonResponse(body, content_type=LD_JSON, json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def revocations(request):
    """Every revoked credential: hidden ones too, so a holder cannot hide a revocation from a verifier."""
    revoked = Credential.objects.filter(revoked_at__isnull=False).order_by("revoked_at", "id").values_list(
        "public_id", "revoked_at", "revocation_reason"
    )
    body = {
        "id": services.absolute(reverse("credentials:revocations")),
        "issuer": services.issuer_id(),
        "revokedCredentials": [
            {"id": document.credential_id(str(pid)), "revoked": True, "revokedAt": document.iso(at), "revocationReason": why}
            for pid, at, why in revoked
        ],
    }
    response = JsonResponse(body, json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def status_list(request, number: int):
    """A W3C Bitstring Status List, as the VC-JWT that credentials' credentialStatus points to."""
    token = services.signed_status_list(number)
    if token is None:
        raise Http404
    response = HttpResponse(token, content_type="application/vc+jwt")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "max-age=300"
    return response


@require_POST
@login_required
def revoke(request, public_id):
    credential = _public(request, public_id)
    try:
        services.revoke(personas(request), credential, request.POST.get("reason", ""))
    except DomainError as exc:
        return domain_error_response(request, exc)
    messages.success(request, f"Revoked {credential.achievement.name} for {credential.employee.name}.")
    return redirect("credentials:verify", public_id=credential.public_id)


@login_required
@require_GET
def mine(request):
    p = personas(request)
    if p.employee is None:
        raise Http404
    credentials = Credential.objects.filter(employee=p.employee).select_related("achievement__skill")
    return render(request, "credentials/mine.html", {
        "credentials": [
            (c, services.absolute(reverse("credentials:verify", args=[c.public_id]))) for c in credentials
        ],
    })


@require_POST
@login_required
def set_visibility(request, public_id):
    hidden = request.POST.get("hidden") == "1"
    try:
        credential = services.set_hidden(personas(request), public_id, hidden)
    except DomainError as exc:
        return domain_error_response(request, exc)
    messages.success(request, f"{credential.achievement.name} is now {'hidden from' if hidden else 'shown on'} its public page.")
    return redirect("credentials:mine")
