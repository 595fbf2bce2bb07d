"""``/api/analogies/``: the analogy finder of the website, as JSON (public.analogy ranks)."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from episodes.models import MeasureCategory, Purpose
from public import analogy
from public.api.schema import PARAMETER_ERRORS, TOO_MANY


class CodeLabelSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class SharedSerializer(serializers.Serializer):
    variable = serializers.ChoiceField(choices=[*analogy.WEIGHTS], help_text="The variable.")
    label = serializers.CharField()
    values = CodeLabelSerializer(
        many=True, help_text="What the episode shares with the description."
    )


class AnalogyEffectivenessSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    purpose_label = serializers.CharField()
    assessed = serializers.BooleanField(help_text="false: not assessed (the rest is null).")
    effective = serializers.BooleanField(allow_null=True)
    policy_outcome_score = serializers.IntegerField(min_value=1, max_value=5, allow_null=True)
    sanctions_contribution_score = serializers.IntegerField(
        min_value=1, max_value=5, allow_null=True
    )


class AnalogySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    regime = serializers.CharField()
    regime_name = serializers.CharField(allow_null=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    score = serializers.FloatField(min_value=0, max_value=1, help_text=analogy.FORMULA)
    url = serializers.URLField(help_text="The episode in the API.")
    shared = SharedSerializer(many=True)
    effectiveness = AnalogyEffectivenessSerializer(many=True)


def _codes(name: str, description: str, enum=None) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        str,
        many=True,
        explode=True,
        enum=enum,
        pattern=None if enum else f"^{analogy.LOOKUP_CODE}$",
        description=description + " Repeat the parameter for several values.",
    )


PARAMETERS = [
    _codes("conflict_type", "Type of conflict or issue area (a code of the codebook)."),
    _codes("purpose", "Purpose.", [value for value, _ in Purpose.choices]),
    _codes("objective", "Objective (a code of the codebook)."),
    _codes("target", "Target (a code of the codebook)."),
    _codes("category", "Measure category.", [value for value, _ in MeasureCategory.choices]),
    _codes("instrument", "Other policy instrument (a code of the codebook)."),
    OpenApiParameter(
        "period_start", {"type": "string", "format": "date"}, description="The period's first day."
    ),
    OpenApiParameter(
        "period_end",
        {"type": "string", "format": "date"},
        description="The period's last day (needs period_start; default: today).",
    ),
    OpenApiParameter(
        "limit",
        {"type": "integer", "minimum": 1, "maximum": analogy.MAX_LIMIT},
        description=f"How many episodes, 1 to {analogy.MAX_LIMIT} (default {analogy.DEFAULT_LIMIT}).",
    ),
]


class AnalogyView(APIView):
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        operation_id="analogies",
        summary="Episodes most similar to a described situation",
        description="Published episodes ranked by similarity to the situation the parameters "
        "describe (at least one variable or a period). " + analogy.FORMULA,
        parameters=PARAMETERS,
        responses={
            200: OpenApiResponse(AnalogySerializer(many=True), description="Best first."),
            400: PARAMETER_ERRORS,
            429: TOO_MANY,
        },
    )
    def get(self, request):
        # The site's form sends its empty fields; a client of the API leaves a parameter out.
        empty = sorted({name for name, value in request.query_params.items() if value == ""})
        if empty:
            raise ValidationError(
                {name: ["Give a value, or leave the parameter out."] for name in empty}
            )
        form = analogy.SituationForm(request.query_params)
        if not form.is_valid():
            errors = {
                name: [str(message) for message in messages]
                for name, messages in form.errors.items()
                if name != "__all__"
            }
            unknown = form.unknown_parameters()
            for name in unknown:
                errors[name] = [
                    f"Unknown parameter. Known parameters: {', '.join(analogy.PARAMETERS)}."
                ]
            if "__all__" in form.errors and not unknown:
                errors["non_field_errors"] = [str(m) for m in form.errors["__all__"]]
            raise ValidationError(errors)
        results = analogy.rank(form.situation(), limit=form.result_limit())
        return Response(
            [
                {
                    **row,
                    "url": request.build_absolute_uri(
                        reverse("api:episode-detail", args=[row["slug"]])
                    ),
                }
                for row in results
            ]
        )
