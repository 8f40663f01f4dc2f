"""REST: GET /api/v1/me/credentials/ lists my credentials with their public links (the public pages themselves are
plain URLs under /credentials/, readable without an account)."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from talentloop.accounts.personas import personas
from talentloop.credentials import services
from talentloop.credentials.models import Credential


class CredentialOut(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    achievement = serializers.CharField(source="achievement.name")
    skill = serializers.CharField(source="achievement.skill.label")
    level = serializers.IntegerField(source="achievement.level")
    issued_at = serializers.DateTimeField()
    status = serializers.SerializerMethodField()
    revoked_at = serializers.DateTimeField(allow_null=True)
    revocation_reason = serializers.CharField()
    hidden = serializers.BooleanField()
    share_url = serializers.SerializerMethodField()
    jwt_url = serializers.SerializerMethodField()
    json_url = serializers.SerializerMethodField()

    def get_status(self, obj: Credential) -> str:
        return "revoked" if obj.is_revoked else "valid"

    def get_share_url(self, obj: Credential) -> str:
        return services.absolute(reverse("credentials:verify", args=[obj.public_id]))

    def get_jwt_url(self, obj: Credential) -> str:
        return services.absolute(reverse("credentials:jwt", args=[obj.public_id]))

    def get_json_url(self, obj: Credential) -> str:
        return services.absolute(reverse("credentials:json", args=[obj.public_id]))


class MyCredentialsView(generics.GenericAPIView):
    """My Open Badges 3.0 credentials, newest first, revoked ones included (with the reason)."""

    serializer_class = CredentialOut
    pagination_class = None

    def get(self, request):
        p = personas(request)
        if p.employee is None:
            raise NotFound("Only people with an employee profile hold credentials.")
        rows = Credential.objects.filter(employee=p.employee).select_related("achievement__skill")
        return Response(CredentialOut(rows, many=True).data)
