"""Building blocks shared by the apps' API modules (talentloop/<app>/api.py).

Input serializers here are strict: an unknown key is a 400 naming it, so a typo is never a silent no-op;
slug references answer "Unknown skill: pyhton." rather than DRF's generic message.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_field
from rest_framework import serializers
from rest_framework.settings import api_settings


def flatten_errors(detail, prefix: str = "") -> dict[str, list]:
    """{"skill_needs": {0: {"skill": [...]}}} -> {"skill_needs[0].skill": [...]}, the way services name fields.

    DRF 3.18 reports the items of a nested list as {index: errors}; a nested object's own errors
    (e.g. "not a list") sit on the field itself.
    """
    out: dict[str, list] = {}
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            if isinstance(key, int):
                name = f"{prefix}[{key}]"
            elif key == api_settings.NON_FIELD_ERRORS_KEY:
                name = prefix or key
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            for sub, messages in flatten_errors(value, name).items():
                out.setdefault(sub, []).extend(messages)
    elif isinstance(detail, list) and any(isinstance(item, Mapping | list) for item in detail):
        for i, item in enumerate(detail):
            out.update(flatten_errors(item, f"{prefix}[{i}]"))
    else:
        out[prefix] = list(detail) if isinstance(detail, list) else [detail]
    return out


class StrictSerializer(serializers.Serializer):
    """An input serializer that refuses keys it does not declare and names nested fields as services do."""

    def to_internal_value(self, data):
        errors: dict = {}
        value = None
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors = flatten_errors(exc.detail)
        if isinstance(data, Mapping):
            writable = sorted(name for name, field in self.fields.items() if not field.read_only)
            for name in sorted(set(data) - set(writable)):
                errors[str(name)] = [f"Unknown field; expected one of: {', '.join(writable)}."]
        if errors:
            raise serializers.ValidationError(errors)
        return value

    # Input serializers only validate; the views call a service with validated_data.
    def create(self, validated_data):  # pragma: no cover - never called
        raise NotImplementedError

    def update(self, instance, validated_data):  # pragma: no cover - never called
        raise NotImplementedError


def validate_patch(serializer_class: type[StrictSerializer], data, *, whole: tuple[str, ...]) -> dict:
    """Validate a PATCH body: every field is optional, but a nested list that is given is validated whole.

    (DRF's partial=True would also make the required fields of each item optional, so a skill need
    without its skill would slip through.)
    """
    patch = serializer_class(data=data, partial=True)
    errors = {} if patch.is_valid() else dict(patch.errors)
    validated = dict(patch.validated_data) if not errors else {}
    for name in whole:
        if not isinstance(data, Mapping) or name not in data:
            continue
        whole_serializer = type("Whole", (StrictSerializer,), {name: copy.deepcopy(serializer_class._declared_fields[name])})
        check = whole_serializer(data={name: data[name]})
        errors = {k: v for k, v in errors.items() if k != name and not k.startswith((f"{name}[", f"{name}."))}
        if check.is_valid():
            validated[name] = check.validated_data[name]
        else:
            errors.update(check.errors)
    if errors:
        raise serializers.ValidationError(errors)
    return validated


class SlugRef(serializers.SlugRelatedField):
    """A reference to a taxonomy object by its slug, with a message that names the kind of object."""

    def __init__(self, noun: str, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        self.noun = noun
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(f"Must be the slug of a {self.noun} (text), not {type(data).__name__}.")
        if "\x00" in data:  # PostgreSQL refuses NUL in text: answer before the query fails
            raise serializers.ValidationError("Null characters are not allowed.")
        obj = self.get_queryset().filter(**{self.slug_field: data}).first()
        if obj is None:
            raise serializers.ValidationError(f"Unknown {self.noun}: {data}.")
        return obj


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choice set is one named enum in the OpenAPI document (e.g. ApplicationStatus),
    however many serializers and field names use it."""

    def __init__(self, enum_name: str, **kwargs):
        self.enum_name = enum_name
        super().__init__(**kwargs)


class NamedMultipleChoiceField(NamedChoiceField, serializers.MultipleChoiceField):
    """A list of values from a named choice set; answers a list, not a set."""

    def to_internal_value(self, data):
        return sorted(super().to_internal_value(data))


class NamedChoiceFieldSchema(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        enum = build_choice_field(serializers.ChoiceField(choices=field.choices))
        enum.pop("x-spec-enum-id", None)
        component = ResolvedComponent(name=field.enum_name, type=ResolvedComponent.SCHEMA, object=field.enum_name, schema=enum)
        auto_schema.registry.register_on_missing(component)
        if isinstance(field, serializers.MultipleChoiceField):
            return {"type": "array", "items": component.ref}
        return component.ref


UUID_REGEX = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
SLUG_REGEX = r"[-a-zA-Z0-9_]+"


# Small references to other objects, for responses.


class Ref(serializers.Serializer):
    """{slug, name} of a department, location or category."""

    slug = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class PersonRef(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class RoleRef(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)


class SkillRef(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
