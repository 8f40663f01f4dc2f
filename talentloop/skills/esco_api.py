"""API for ESCO imports (talent and L&OD admins): POST the download, then GET its status until it is done or failed.
The rules are esco_upload's, shared with the web page."""

from __future__ import annotations

from dataclasses import fields

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from talentloop.accounts.personas import personas
from talentloop.api.serializers import StrictSerializer
from talentloop.skills import esco, esco_upload

# --- serializers ---------------------------------------------------------------------------------------------


class EscoImportInput(StrictSerializer):
    """The ESCO files (multipart/form-data) and the language of their names."""

    files = serializers.ListField(
        child=serializers.FileField(), min_length=1, max_length=20,
        help_text="The ESCO CSV download as one ZIP, or its CSV files (at least skills_LANG.csv, occupations_LANG.csv "
                  "and occupationSkillRelations_LANG.csv).",
    )
    language = serializers.CharField(max_length=10, default="en", help_text="The suffix of the file names, e.g. en.")


# One integer per number of the import's summary (esco.EscoSummary), documented as such.
EscoSummaryOut = type("EscoSummaryOut", (serializers.Serializer,), {
    f.name: serializers.IntegerField(read_only=True) for f in fields(esco.EscoSummary)
})


class EscoImportOut(serializers.Serializer):
    id = serializers.CharField(help_text="The import's id (its background task's).")
    status = serializers.ChoiceField(choices=[esco_upload.QUEUED, esco_upload.RUNNING, esco_upload.DONE, esco_upload.FAILED])
    url = serializers.URLField(help_text="Where to GET this status again.")
    summary = EscoSummaryOut(required=False, help_text="When done: what the import created, updated and kept.")
    error = serializers.CharField(required=False, help_text="When failed: why; nothing was imported.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text='When failed: the problems by place, e.g. {"skills_en.csv row 7": ["preferredLabel is empty"]}.',
    )


def _out(request, found: esco_upload.EscoImport) -> dict:
    out = {"id": found.id, "status": found.status,
           "url": request.build_absolute_uri(reverse("api:esco-import", args=[found.id]))}
    if found.status == esco_upload.DONE:
        out["summary"] = found.summary
    elif found.status == esco_upload.FAILED:
        out.update(error=found.error, errors=found.errors)
    return out


# --- views ---------------------------------------------------------------------------------------------------


class EscoImportsView(APIView):
    """Start an ESCO import. The files are checked at once (a missing file or column is a 400 naming it, and nothing
    is queued); the import runs in the background: follow its `url`."""

    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="skills_esco_imports_create",
        request={"multipart/form-data": EscoImportInput},
        responses={202: EscoImportOut, 400: OpenApiResponse(description="A file or column is missing, or a file is not a ZIP or CSV."),
                   403: OpenApiResponse(description="Only talent admins and L&OD admins import ESCO.")},
    )
    def post(self, request):
        p = personas(request)
        esco_upload.ensure_may_import(p)  # before reading any upload
        data = EscoImportInput(data=request.data)
        data.is_valid(raise_exception=True)
        started = esco_upload.start_import(p, data.validated_data["files"], data.validated_data["language"])
        out = _out(request, started)
        return Response(out, status=status.HTTP_202_ACCEPTED, headers={"Location": out["url"]})


class EscoImportView(APIView):
    """Where an ESCO import is: queued, running, done (with its summary) or failed (with why)."""

    @extend_schema(
        operation_id="skills_esco_imports_retrieve",
        responses={200: EscoImportOut, 403: OpenApiResponse(description="Only talent admins and L&OD admins."),
                   404: OpenApiResponse(description="No such ESCO import.")},
    )
    def get(self, request, import_id: str):
        return Response(_out(request, esco_upload.import_status(personas(request), import_id)))
