"""REST API for notifications under /api/v1 (registered in talentloop/api/urls.py):

    GET  me/notifications/?unread=true      my notifications, newest first
    GET  me/notifications/{public_id}/      one of mine
    POST me/notifications/{public_id}/read  mark it read
    POST me/notifications/read-all          mark all read
    GET/PATCH me/notification-preferences   email per category, digest frequency

(api.py is this app's Python interface for other apps; this module is the HTTP one.)
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from talentloop.api.serializers import UUID_REGEX, NamedChoiceField, StrictSerializer
from talentloop.notifications import services
from talentloop.notifications.kinds import CATEGORIES, KINDS
from talentloop.notifications.models import DigestFrequency, Notification


class NotificationOut(serializers.ModelSerializer):
    kind = NamedChoiceField("NotificationKind", choices=list(KINDS.items()), read_only=True)
    kind_label = serializers.CharField(read_only=True)
    unread = serializers.BooleanField(source="is_unread", read_only=True)
    actor_name = serializers.SerializerMethodField(help_text="Who caused it, when someone did.")
    url = serializers.CharField(read_only=True, help_text="A path inside Talentloop (may be empty).")

    class Meta:
        model = Notification
        fields = ["public_id", "kind", "kind_label", "title", "body", "url", "actor_name", "created_at", "read_at", "unread"]
        read_only_fields = fields

    def get_actor_name(self, obj: Notification) -> str | None:
        return (obj.actor.get_full_name() or obj.actor.get_username()) if obj.actor else None


class UnreadQuery(StrictSerializer):
    unread = serializers.BooleanField(required=False)


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """My notifications, newest first. Anyone else's answer 404."""

    serializer_class = NotificationOut
    queryset = Notification.objects.none()
    lookup_field = "public_id"
    lookup_value_regex = UUID_REGEX

    def get_queryset(self):
        qs = Notification.objects.filter(recipient=self.request.user).select_related("actor").order_by("-created_at", "-id")
        if self.action == "list" and "unread" in self.request.query_params:
            query = UnreadQuery(data={"unread": self.request.query_params["unread"]})
            query.is_valid(raise_exception=True)
            qs = qs.filter(read_at__isnull=query.validated_data["unread"])
        return qs

    @extend_schema(parameters=[OpenApiParameter("unread", bool, description="true: only unread; false: only read.")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses={200: NotificationOut})
    @action(detail=True, methods=["post"])
    def read(self, request, public_id: str):
        """Mark one of my notifications read (the first reading time stays)."""
        return Response(NotificationOut(services.mark_read(request.user, public_id)).data)

    @extend_schema(
        request=None,
        responses={200: inline_serializer("MarkedRead", {"marked": serializers.IntegerField(help_text="How many were unread.")})},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark all my notifications read."""
        return Response({"marked": services.mark_all_read(request.user)})


def _email_field(category: str, **kwargs) -> serializers.BooleanField:
    c = CATEGORIES[category]
    return serializers.BooleanField(help_text=f"Email for “{c.label}”: {c.help}", **kwargs)


class PreferencesOut(serializers.Serializer):
    email_waiting_on_you = _email_field("waiting_on_you")
    email_applications = _email_field("applications")
    email_activity = _email_field("activity")
    email_digest = _email_field("digest")
    digest_frequency = NamedChoiceField("DigestFrequency", choices=DigestFrequency.choices)
    last_digest_at = serializers.DateTimeField(allow_null=True, read_only=True, help_text="When my last digest looked for new matches.")


class PreferencesPatch(StrictSerializer):
    email_waiting_on_you = _email_field("waiting_on_you", required=False)
    email_applications = _email_field("applications", required=False)
    email_activity = _email_field("activity", required=False)
    email_digest = _email_field("digest", required=False)
    digest_frequency = NamedChoiceField("DigestFrequency", choices=DigestFrequency.choices, required=False)


class MyNotificationPreferencesView(generics.GenericAPIView):
    """My notification preferences: email on or off per category, and the digest's frequency (off, daily, weekly).
    PATCH changes the fields given."""

    serializer_class = PreferencesOut

    def get(self, request):
        return Response(PreferencesOut(services.preferences_of(request.user)).data)

    @extend_schema(request=PreferencesPatch, responses={200: PreferencesOut})
    def patch(self, request):
        data = PreferencesPatch(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(PreferencesOut(services.update_preferences(request.user, dict(data.validated_data))).data)
