"""``/<key>/citation/`` and ``/<key>/versions/<n>/citation/``: how to cite a version, in JSON (all
four forms) or, with ``?format=bibtex|ris|csl|text``, as the file itself (public.citations)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from public import citations, selectors
from public.api.errors import gone
from public.api.schema import GONE, NOT_FOUND, PARAMETER_ERRORS, TOO_MANY, VERSION_NUMBER


class _PartRenderer(renderers.BaseRenderer):
    """Renders one form of the citation (a key of ``citations.as_dict``) as the whole body."""

    part = ""
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and self.part in data:
            return data[self.part].encode()
        return renderers.JSONRenderer().render(data)  # errors stay JSON


class BibTeXRenderer(_PartRenderer):
    media_type, format, part = "application/x-bibtex", "bibtex", "bibtex"


class RISRenderer(_PartRenderer):
    media_type, format, part = "application/x-research-info-systems", "ris", "ris"


class TextRenderer(_PartRenderer):
    media_type, format, part = "text/plain", "text", "text"


class CSLRenderer(renderers.JSONRenderer):
    media_type, format = "application/vnd.citationstyles.csl+json", "csl"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "csl" in data:
            data = data["csl"]
        return super().render(data, accepted_media_type, renderer_context)


RENDERERS = [renderers.JSONRenderer, BibTeXRenderer, RISRenderer, CSLRenderer, TextRenderer]


class CitationSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The cited version's number.")
    approved_at = serializers.DateTimeField(help_text="When that version was approved.")
    url = serializers.URLField(help_text="The stable address of that version's page.")
    publisher = serializers.CharField()
    text = serializers.CharField(help_text="A plain-text reference.")
    bibtex = serializers.CharField(help_text="A BibTeX entry (@misc).")
    ris = serializers.CharField(help_text="An RIS record (TY - DATA).")
    csl = serializers.ListField(
        child=serializers.DictField(), help_text="CSL-JSON: a list of one item."
    )


CITATION_FORMAT = OpenApiParameter(
    "format",
    str,
    enum=[renderer.format for renderer in RENDERERS],
    description="json: all four forms; bibtex, ris, csl (CSL-JSON) or text: that form alone.",
)


def citation_schema(resource: str, noun: str, key: OpenApiParameter) -> dict:
    responses = {
        (200, "application/json"): OpenApiResponse(CitationSerializer),
        (200, BibTeXRenderer.media_type): OpenApiResponse(OpenApiTypes.STR),
        (200, RISRenderer.media_type): OpenApiResponse(OpenApiTypes.STR),
        (200, CSLRenderer.media_type): OpenApiResponse({"type": "array", "items": {}}),
        (200, TextRenderer.media_type): OpenApiResponse(OpenApiTypes.STR),
        (400, "application/json"): PARAMETER_ERRORS,
        (404, "application/json"): NOT_FOUND,
        (410, "application/json"): GONE,
        (429, "application/json"): TOO_MANY,
    }
    return {
        "citation": extend_schema(
            operation_id=f"{resource}_citation",
            summary=f"How to cite the current version of {noun}",
            parameters=[key, CITATION_FORMAT],
            responses=responses,
        ),
        "version_citation": extend_schema(
            operation_id=f"{resource}_version_citation",
            summary=f"How to cite one approved version of {noun}",
            parameters=[key, VERSION_NUMBER, CITATION_FORMAT],
            responses=responses,
        ),
    }


class CitationMixin:
    """For a PublishedViewSet whose pages have versions (episodes, designations)."""

    citation_kind = ""  # "episode" or "designation"
    citation_actions = frozenset({"citation", "version_citation"})

    def get_renderers(self):
        if self.action in self.citation_actions:
            return [renderer() for renderer in RENDERERS]
        return super().get_renderers()

    @action(detail=True, methods=["get"], url_path="citation")
    def citation(self, request, *args, **kwargs):
        key = kwargs[self.lookup_url_kwarg or self.lookup_field]
        known = selectors.known(self.content_type(), key)
        if known is None:
            raise NotFound(f"Nothing was ever public under “{key}”.")
        if not known.public:
            raise gone(key, known.withdrawn_on)
        row = (
            self.get_queryset()
            .filter(object_id=known.object_id)
            .values("document", "public_version", "approved_at")
            .first()
        )
        return self._answer(request, row["document"], row["public_version"], row["approved_at"])

    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>[0-9]{1,10})/citation")
    def version_citation(self, request, *args, number, **kwargs):
        key = kwargs[self.lookup_url_kwarg or self.lookup_field]
        known = self._known(key)
        found = selectors.version(
            self.content_type(), known.object_id, int(number), public=known.public
        )
        if found is None:
            raise NotFound(f"“{key}” has no version {number}.")
        if found["withdrawn"]:
            raise gone(key, found["withdrawn_on"])
        return self._answer(request, found["document"], found["number"], found["approved_at"])

    def _answer(self, request, document, number, approved_at):
        citation = citations.of_version(
            request, self.citation_kind, document, number=number, approved_at=approved_at
        )
        response = Response(citations.as_dict(citation))
        if request.accepted_renderer.format != "json":
            suffix = {"bibtex": "bib", "ris": "ris", "csl": "json", "text": "txt"}
            name = f"{citation.id}.{suffix[request.accepted_renderer.format]}"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
