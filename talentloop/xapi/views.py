"""The xAPI statements and about resources (HTTP Basic per source system), and the admins' unmatched statements page.

Every answer of the xAPI resources is JSON and carries X-Experience-API-Version; errors say what is wrong in
{"detail": ..., "errors": {...}} like the rest of the API.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import uuid
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from talentloop.accounts.personas import personas
from talentloop.accounts.views import domain_error_response
from talentloop.errors import DomainError, Forbidden, InvalidInput, NotFound
from talentloop.xapi import services
from talentloop.xapi.models import SourceSystem
from talentloop.xapi.statements import is_iri, is_supported_version

VERSION_HEADER = "X-Experience-API-Version"
SUPPORTED_VERSIONS = ["1.0.0", "1.0.1", "1.0.2", "1.0.3", "2.0.0"]
MAX_LIMIT = 500
QUERY_PARAMS = {"statementId", "voidedStatementId", "verb", "activity", "agent", "since", "until", "limit",
                "ascending", "format", "attachments", "related_activities", "related_agents", "from"}


def _error(errors: dict[str, list[str]] | str, status: int) -> JsonResponse:
    exc = DomainError(errors)
    return JsonResponse({"detail": exc.message, "errors": exc.errors}, status=status)


def _source_system(request: HttpRequest) -> SourceSystem | None:
    kind, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if kind.lower() != "basic" or not encoded:
        return None
    try:
        key, _, secret = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return services.authenticate(key, secret)


def xapi_resource(*, version_required: bool = True) -> Callable:
    """HTTP Basic as a source system, the version header, CSRF exemption (no cookies here) and JSON errors."""

    def decorate(view: Callable) -> Callable:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            version = request.headers.get(VERSION_HEADER, "").strip()
            system = _source_system(request)
            if system is None:
                response = _error("Send the source system's key and secret with HTTP Basic authentication.", 401)
                response["WWW-Authenticate"] = 'Basic realm="Talentloop xAPI"'
            elif version_required and not version:
                response = _error({VERSION_HEADER: ["The header is required (1.0.3 or 2.0.0)."]}, 400)
            elif version and not is_supported_version(version):
                response = _error({VERSION_HEADER: [f"{version!r} is not supported: use 1.0.0 to 1.0.3 or 2.0.x."]}, 400)
            else:
                try:
                    response = view(request, system, version or "1.0.3", *args, **kwargs)
                except DomainError as exc:
                    response = JsonResponse({"detail": exc.message, "errors": exc.errors}, status=exc.status_code)
            response[VERSION_HEADER] = "2.0.0" if version.startswith("2") else "1.0.3"
            return response

        return wrapper

    return decorate


@xapi_resource(version_required=False)
def about(request: HttpRequest, system: SourceSystem, version: str) -> HttpResponse:
    if request.method != "GET":
        return _error(f"{request.method} is not allowed on about.", 405)
    # A 1.0.x client hears only of 1.0.x: some (PyPI tincan) refuse an About listing a version they do not know.
    speaks_1 = request.headers.get(VERSION_HEADER, "").startswith("1.")
    return JsonResponse({"version": [v for v in SUPPORTED_VERSIONS if v.startswith("1.") or not speaks_1]})


@xapi_resource()
def statements(request: HttpRequest, system: SourceSystem, version: str) -> HttpResponse:
    if request.method == "POST":
        ids = services.store_statements(system, services.parse_batch(_json_body(request)), version)
        return JsonResponse([str(i) for i in ids], safe=False)
    if request.method == "PUT":
        statement_id = _uuid_param(request, "statementId", required=True)
        body = _json_body(request)
        if isinstance(body, list):
            raise InvalidInput("PUT takes one statement; POST a list.")
        services.put_statement(system, statement_id, services.parse_batch(body)[0], version)
        return HttpResponse(status=204)
    if request.method in ("GET", "HEAD"):
        return _get_statements(request, system)
    response = _error(f"{request.method} is not allowed on statements.", 405)
    response["Allow"] = "GET, HEAD, POST, PUT"
    return response


def _json_body(request: HttpRequest) -> object:
    if request.content_type != "application/json":
        raise InvalidInput({"Content-Type": [f"Must be application/json (attachments are not supported), not {request.content_type!r}."]})
    try:
        return json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput({"body": [f"Not valid JSON: {exc}"]}) from None


def _uuid_param(request: HttpRequest, name: str, *, required: bool = False) -> uuid.UUID | None:
    value = request.GET.get(name)
    if value is None:
        if required:
            raise InvalidInput({name: ["Is required."]})
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise InvalidInput({name: [f"{value!r} is not a UUID."]}) from None


def _get_statements(request: HttpRequest, system: SourceSystem) -> HttpResponse:
    unknown = sorted(set(request.GET) - QUERY_PARAMS)
    if unknown:
        raise InvalidInput({name: ["Is not a parameter of the statements resource."] for name in unknown})
    for name in ("related_activities", "related_agents", "attachments"):
        if request.GET.get(name, "false") != "false":
            raise InvalidInput({name: ["Talentloop supports only false."]})
    single_id = _uuid_param(request, "statementId")
    voided_id = _uuid_param(request, "voidedStatementId")
    if single_id or voided_id:
        others = sorted(set(request.GET) - {"statementId", "voidedStatementId", "format", "attachments"})
        if (single_id and voided_id) or others:
            raise InvalidInput("statementId and voidedStatementId each stand alone (only format and attachments may go with them).")
        statement = services.statement_for(system, single_id or voided_id, voided=bool(voided_id))
        if statement is None:
            raise NotFound("No such statement.")
        response = JsonResponse(services.as_xapi(statement))
        response["Last-Modified"] = statement.stored.strftime("%a, %d %b %Y %H:%M:%S GMT")
    else:
        query = _query(request)
        page, more = services.statements_for(system, query)
        more_url = ""
        if more:
            params = {k: v for k, v in request.GET.items() if k != "from"} | {"from": str(query.offset + query.limit)}
            more_url = reverse("xapi:statements") + "?" + urlencode(params)
        response = JsonResponse({"statements": [services.as_xapi(s) for s in page], "more": more_url})
    response["X-Experience-API-Consistent-Through"] = timezone.now().isoformat()
    return response


def _query(request: HttpRequest) -> services.StatementQuery:
    g = request.GET
    errors: dict[str, list[str]] = {}
    for name in ("verb", "activity"):
        if name in g and not is_iri(g[name]):
            errors[name] = ["Must be an IRI."]
    times: dict[str, dt.datetime | None] = {"since": None, "until": None}
    for name in times:
        if name in g:
            try:
                times[name] = dt.datetime.fromisoformat(g[name])
                if times[name].tzinfo is None:
                    times[name] = times[name].replace(tzinfo=dt.UTC)
            except ValueError:
                errors[name] = ["Must be an ISO 8601 date and time."]
    limit, offset = g.get("limit", "100"), g.get("from", "0")
    if not limit.isdigit():
        errors["limit"] = ["Must be a whole number (0 for the most the server gives)."]
    if not offset.isdigit():
        errors["from"] = ["Must be a whole number."]
    if g.get("ascending", "false") not in ("true", "false"):
        errors["ascending"] = ["Must be true or false."]
    if g.get("format", "exact") not in ("exact", "ids", "canonical"):
        errors["format"] = ["Must be exact, ids or canonical."]
    if errors:
        raise InvalidInput(errors)
    agent_mbox = agent_account = ""
    if "agent" in g:
        agent_mbox, agent_account = _agent(g["agent"])
    size = int(limit)
    return services.StatementQuery(
        verb=g.get("verb", ""), activity=g.get("activity", ""), since=times["since"], until=times["until"],
        limit=MAX_LIMIT if size == 0 else min(size, MAX_LIMIT), ascending=g.get("ascending") == "true",
        offset=int(offset), agent_mbox=agent_mbox, agent_account=agent_account,
    )


def _agent(value: str) -> tuple[str, str]:
    try:
        agent = json.loads(value)
    except ValueError:
        raise InvalidInput({"agent": ["Must be an Agent as JSON."]}) from None
    if isinstance(agent, dict) and isinstance(agent.get("mbox"), str):
        return agent["mbox"].lower(), ""
    if isinstance(agent, dict) and isinstance(agent.get("account"), dict) and isinstance(agent["account"].get("name"), str):
        return "", agent["account"]["name"]
    raise InvalidInput({"agent": ["Talentloop filters by an agent's mbox or account."]})


# --- the admins' page ---------------------------------------------------------------------------------------


@login_required
def unmatched(request: HttpRequest) -> HttpResponse:
    p = personas(request)
    if not services.can_manage_xapi(p):
        return domain_error_response(request, Forbidden("Unmatched xAPI statements are for L&OD and talent admins."))
    page = Paginator(services.unmatched_statements(), 50).get_page(request.GET.get("page"))
    return render(request, "xapi/unmatched.html", {"page": page})


@login_required
@require_POST
def reprocess(request: HttpRequest) -> HttpResponse:
    p = personas(request)
    ids = None
    if request.POST.get("statement"):
        try:
            ids = [uuid.UUID(request.POST["statement"])]
        except ValueError:
            return domain_error_response(request, InvalidInput({"statement": ["Not a statement id."]}))
    try:
        done = services.reprocess(p, ids)
    except DomainError as exc:
        return domain_error_response(request, exc)
    messages.success(request, f"Reprocessed: {done.processed} now recorded as learning, {done.still_unmatched} still unmatched.")
    return redirect("xapi:unmatched")
