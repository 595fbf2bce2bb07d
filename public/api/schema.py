"""The OpenAPI description of the public API: parameters, responses, versions, filter limits."""

from django.core.validators import RegexValidator
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers
from rest_framework.response import Response

from editorial.models import PublicationRecord
from public.api.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE


class StrictFilterExtension(DjangoFilterExtension):
    """Documents each filter's own limits (length, pattern, range) from its form field.

    drf-spectacular documents a filter's type but not the limits its form field enforces, and a
    request the schema calls valid must not then be refused for a limit the schema never named.
    """

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        field = filter_field.field
        for parameter in parameters:
            # An empty value means "no filter", as on the website's forms.
            parameter["allowEmptyValue"] = True
            schema = parameter["schema"]
            if schema.get("type") == "array":
                continue
            if schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
                if getattr(field, "max_length", None):
                    schema["maxLength"] = field.max_length
                patterns = [
                    v.regex.pattern for v in field.validators if isinstance(v, RegexValidator)
                ]
                # Form fields refuse NUL characters.
                schema["pattern"] = patterns[0] if patterns else r"^[^\u0000]*$"
            if schema.get("type") in ("integer", "number"):
                if getattr(field, "min_value", None) is not None:
                    schema["minimum"] = field.min_value
                if getattr(field, "max_value", None) is not None:
                    schema["maximum"] = field.max_value
        return parameters


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


PARAMETER_ERRORS = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "example": {
            "regime": [
                "A regime code is its UN reference prefix (e.g. KP) or its establishing resolution's number (e.g. 232)."
            ]
        },
    },
    description="An invalid or unknown query parameter: one list of messages per parameter.",
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Nothing public under this identifier.")
GONE = OpenApiResponse(
    ErrorSerializer, description="Withdrawn from public view after review (with its versions)."
)
TOO_MANY = OpenApiResponse(
    ErrorSerializer, description="Rate limit reached: retry after `Retry-After` seconds."
)
AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="The data as published in this atlas at the end of this day (UTC), from its "
    "public history: about publication here, not the UN's listing date (for that, filter "
    "designations on `listed_on` with `listed_before` / `listed_after`). "
    "On lists it cannot be combined with filters or ordering (400): the list as of a date is "
    "the whole list, by identifier.",
)
CURSOR = OpenApiParameter(
    "cursor", str, description="Opaque position: use the `next` and `previous` links as given."
)
PAGE_SIZE = OpenApiParameter(
    "page_size",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
    description=f"Rows per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
)
VERSION_NUMBER = OpenApiParameter(
    "number",
    {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    OpenApiParameter.PATH,
    description="The version number, 1 for the first approved version.",
)
LIST_FORMAT = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description="csv: every matching row, unpaged, streamed (same as `Accept: text/csv`).",
)
DETAIL_FORMAT = OpenApiParameter("format", str, enum=["json"])


def list_responses(page, *, csv_table) -> dict:
    """``csv_table``: the public.exports.tables table that ``format=csv`` answers with."""
    return {
        (200, "application/json"): OpenApiResponse(
            page, description="One page of rows: follow `next` for the following page."
        ),
        (200, "text/csv"): OpenApiResponse(
            OpenApiTypes.STR,
            description=f"The `{csv_table.name}` table of the data package (the same columns as "
            "/downloads/ documents): " + ", ".join(csv_table.column_names) + ". Lists inside a "
            "cell are separated by '; '.",
        ),
        (400, "application/json"): PARAMETER_ERRORS,
        (429, "application/json"): TOO_MANY,
    }


def detail_responses(document) -> dict:
    return {
        200: OpenApiResponse(document, description="As approved and published."),
        400: PARAMETER_ERRORS,
        404: NOT_FOUND,
        410: GONE,
        429: TOO_MANY,
    }


def version_field():
    return serializers.IntegerField(
        help_text="Number of the approved version shown (1, 2, …): cite it with the date."
    )


def approved_at_field():
    return serializers.DateTimeField(help_text="When a reviewer approved this version.")


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField(help_text="1 for the first approved version, then 2, …")
    action = serializers.ChoiceField(
        choices=PublicationRecord.Action.choices,
        help_text="unpublished: withdrawn from public view from this date (document is null).",
    )
    key = serializers.CharField(help_text="The public identifier at the time.")
    approved_at = serializers.DateTimeField()
    summary = serializers.CharField(help_text="What changed, in words.")
    url = serializers.URLField()


def versions_schema(
    resource: str, noun: str, key: OpenApiParameter, document_serializer, name: str
) -> dict:
    """The schema of the ``versions`` and ``version`` actions of a VersionsMixin viewset, for
    ``extend_schema_view(**versions_schema(...))``."""
    return {
        "versions": extend_schema(
            operation_id=f"{resource}_versions",
            summary=f"Every approved version of {noun}",
            parameters=[key, DETAIL_FORMAT],
            responses=detail_responses(VersionSerializer(many=True)),
        ),
        "version": extend_schema(
            operation_id=f"{resource}_version",
            summary=f"One approved version of {noun}, as it was published",
            parameters=[key, VERSION_NUMBER, DETAIL_FORMAT],
            responses=detail_responses(version_detail_serializer(document_serializer, name)),
        ),
    }


def version_detail_serializer(document_serializer, name: str):
    return type(
        name,
        (serializers.Serializer,),
        {
            "number": serializers.IntegerField(),
            "action": serializers.ChoiceField(choices=PublicationRecord.Action.choices),
            "key": serializers.CharField(),
            "approved_at": serializers.DateTimeField(),
            "summary": serializers.CharField(),
            "document": document_serializer(allow_null=True),
            "__doc__": "One approved version of the public document, as it was published.",
        },
    )


class SchemaView(SpectacularAPIView):
    """``/api/schema/``: generated once per process, version and host, then served from memory.

    The schema is made from the code alone (the codebook hook reads no database), so a process
    never needs to generate it twice. Django's ``cache_page``, used before, kept it in the shared
    cache, and with Redis stopped it answered 500 where every other public page degrades to the
    database (``config.cache``); drf-spectacular keeps no schema of its own between requests."""

    _generated: dict = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (version, request.get_host(), self.serve_public, request.is_secure())
        schema = self._generated.get(key)
        if schema is None:
            generator = self.generator_class(
                urlconf=self.urlconf, api_version=version, patterns=self.patterns
            )
            schema = self._generated[key] = generator.get_schema(
                request=request, public=self.serve_public
            )
        disposition = f'inline; filename="{self._get_filename(request, version)}"'
        return Response(data=schema, headers={"Content-Disposition": disposition})
