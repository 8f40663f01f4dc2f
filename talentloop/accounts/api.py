"""API for accounts: my personal API tokens, the permission "employee or admin" shared by the other apps'
API modules, and the OpenAPI description of token authentication."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from talentloop.accounts import services
from talentloop.accounts.models import PersonalToken
from talentloop.accounts.personas import personas
from talentloop.api.serializers import StrictSerializer


class IsEmployeeOrAdmin(permissions.BasePermission):
    """Signed in with an employee profile, or an admin. An outsider (signed in, no profile) is refused."""

    message = "Only employees and admins may use this."

    def has_permission(self, request, view) -> bool:
        p = personas(request)
        return bool(p.user.is_authenticated and (p.is_employee or p.is_talent_admin or p.is_lod_admin))


class PersonalTokenScheme(OpenApiAuthenticationExtension):
    target_class = "talentloop.accounts.authentication.PersonalTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (tl_...) made with POST /api/v1/me/tokens/.",
        }


class PersonalTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonalToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at"]
        read_only_fields = fields


class NewPersonalTokenSerializer(PersonalTokenSerializer):
    secret = serializers.CharField(read_only=True, help_text="Shown once; only a hash is stored.")

    class Meta(PersonalTokenSerializer.Meta):
        fields = [*PersonalTokenSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class PersonalTokenInput(StrictSerializer):
    name = serializers.CharField(max_length=100, help_text="What the token is for, e.g. the script using it.")


class PersonalTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """My personal API tokens. The secret is returned once, when the token is created."""

    serializer_class = PersonalTokenSerializer
    queryset = PersonalToken.objects.none()
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return PersonalToken.objects.filter(user=self.request.user).order_by("-created_at", "-pk")

    @extend_schema(request=PersonalTokenInput, responses={201: NewPersonalTokenSerializer})
    def create(self, request):
        data = PersonalTokenInput(data=request.data)
        data.is_valid(raise_exception=True)
        token, secret = services.create_personal_token(request.user, data.validated_data["name"])
        token.secret = secret
        return Response(NewPersonalTokenSerializer(token).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk: str):
        services.revoke_personal_token(request.user, int(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
