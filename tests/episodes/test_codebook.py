"""The codebook describes every public field and every allowed value, from one source."""

import json
import re
from pathlib import Path

import pytest
from drf_spectacular.drainage import get_override
from rest_framework import serializers

from assessments.models import PublishedAssessment, Scale, ScoreLabel, UnintendedConsequence
from designations.models import PublishedDesignation
from editorial import registry, services
from episodes import codebook
from episodes.models import (
    ConflictType,
    MeasureSubtype,
    Objective,
    PolicyInstrument,
    PublishedEpisode,
    PublishedRegime,
    Purpose,
    TargetType,
)
from public.api import codebook_schema
from public.api.assessments import AssessmentRowSerializer
from public.api.designations import DesignationRowSerializer
from public.api.episodes import EpisodeRowSerializer, RegimeRowSerializer
from public.exports import tables
from tests.workflow import edit, factory_researcher, factory_reviewer, publish, staff_user

pytestmark = pytest.mark.django_db

PINS = Path(__file__).parents[1] / "api" / "documents"
# Each aggregate's document, by the name the codebook gives it.
KINDS = {
    "episode": "episode",
    "regime": "regime",
    "effectivenessassessment": "assessment",
    "designation": "designation",
}
# What the API adds to the stored documents (detail endpoints).
API_ONLY = {"episode.assessments", "episode.version", "episode.approved_at"} | {
    f"{kind}.{name}" for kind in ("regime", "designation") for name in ("version", "approved_at")
}


def walk(value, prefix):
    """(path, value) of every key of a JSON document, "[]" stepping into list items."""
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}"
            yield path, item
            yield from walk(item, path)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item, f"{prefix}[]")


def serializer_paths(serializer, prefix):
    """Every field a document serializer declares, into nested and annotated method fields."""
    for name, declared in serializer.fields.items():
        path = f"{prefix}.{name}"
        yield path
        nested = declared
        if isinstance(declared, serializers.SerializerMethodField):
            nested = get_override(getattr(serializer, declared.method_name), "field")
            if isinstance(nested, type):
                nested = nested()
        if isinstance(nested, serializers.ListSerializer):
            yield from serializer_paths(nested.child, f"{path}[]")
        elif isinstance(nested, serializers.Serializer):
            yield from serializer_paths(nested, path)


def all_serializer_paths():
    paths = set()
    for aggregate in registry.all_aggregates():
        if aggregate.is_lookup:  # a value of a list the codebook lists, not a document of its own
            continue
        kind = KINDS[aggregate.model._meta.model_name]  # a new aggregate needs a codebook
        paths |= set(serializer_paths(aggregate.serializer(), kind))
    return paths


def published_documents():
    for kind, projection in (
        ("episode", PublishedEpisode),
        ("regime", PublishedRegime),
        ("assessment", PublishedAssessment),
        ("designation", PublishedDesignation),
    ):
        for document in projection.objects.values_list("document", flat=True):
            yield kind, document


def missing(paths):
    result = set()
    for path in paths:
        try:
            codebook.variable(path)
        except KeyError:
            result.add(path)
    return sorted(result)


def test_every_field_the_serializers_declare_has_an_entry():
    assert missing(all_serializer_paths()) == []


def table_paths():
    """The codebook path of every column of the downloads and the data package."""
    return {
        codebook.normalise(tables.codebook_path(table, column))
        for table in tables.TABLES.values()
        for column in table.columns
    }


ROW_SERIALIZERS = {
    "episode": EpisodeRowSerializer,
    "regime": RegimeRowSerializer,
    "assessment": AssessmentRowSerializer,
    "designation": DesignationRowSerializer,
}


def api_row_paths():
    """The codebook path of every field of the API's list rows (and so of its CSV columns)."""
    return {
        codebook_schema.row_path(kind, name)
        for kind, serializer in ROW_SERIALIZERS.items()
        for name in serializer().fields
    }


def test_every_entry_is_a_field_of_a_document_a_row_or_a_column():
    declared = all_serializer_paths() | API_ONLY | table_paths() | api_row_paths()
    assert sorted(set(codebook.VARIABLES) - declared) == []


def test_every_column_of_the_tables_has_an_entry_of_its_type():
    numeric = {"integer": {"integer"}, "number": {"number"}, "boolean": {"boolean"}}
    for table in tables.TABLES.values():
        for column in table.columns:
            path = tables.codebook_path(table, column)
            variable = codebook.variable(path)  # KeyError: a column without an entry
            if column.type in numeric and variable.type != "code":
                assert variable.type in numeric[column.type], (table.name, column.name)


def test_every_field_of_the_api_rows_and_their_csv_has_an_entry():
    assert missing(api_row_paths()) == []
    # The API's CSV of a list is the downloads' table (public.exports.tables), agreement included.
    csv_columns = [column.name for column in tables.ASSESSMENTS.columns]
    assert "policy_outcome_alpha" in csv_columns and "coders" in csv_columns
    assert {"coders", "policy_outcome_alpha"} <= set(AssessmentRowSerializer().fields)


def test_a_column_without_an_entry_fails(monkeypatch):
    monkeypatch.setitem(tables.CODEBOOK_PATHS, "assessments", {"coders": "assessment.nobody"})
    with pytest.raises(KeyError):
        test_every_column_of_the_tables_has_an_entry_of_its_type()


def test_every_field_of_the_published_documents_has_an_entry_of_its_type(demo):
    checked = 0
    for kind, document in published_documents():
        for path, value in walk(document, kind):
            assert_fits(codebook.variable(path), value)
            checked += 1
    assert checked > 500


def test_every_field_of_the_pinned_api_documents_has_an_entry():
    paths = set()
    for name, kind in {
        "episode": "episode",
        "regime": "regime",
        "designation-individual": "designation",
        "designation-entity": "designation",
        "designation-vessel": "designation",
    }.items():
        paths |= {path for path, _ in walk(json.loads((PINS / f"{name}.json").read_text()), kind)}
    version = json.loads((PINS / "episode-version.json").read_text())["document"]
    paths |= {path for path, _ in walk(version, "episode")}
    assert any(path.startswith("episode.assessments[].") for path in paths)
    assert missing(paths) == []


PYTHON_TYPES = {
    "string": str,
    "markdown": str,
    "url": str,
    "date": str,
    "datetime": str,
    "code": (str, int),
    "integer": int,
    "boolean": bool,
    "list": list,
    "object": dict,
}


def assert_fits(variable, value):
    if value is None or (variable.type == "code" and value == ""):
        assert variable.nullable, f"{variable.path} is empty but the codebook says it never is"
        return
    assert isinstance(value, PYTHON_TYPES[variable.type]), (variable.path, value)
    if variable.type == "integer":
        assert not isinstance(value, bool), variable.path
    if variable.type == "date":
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (variable.path, value)
    if variable.values:
        codes = {allowed.code for allowed in variable.allowed_values()}
        assert value in codes, f"{variable.path}: {value!r} is not among its allowed values"


def test_every_lookup_value_is_an_allowed_value_once_approved():
    piracy = ConflictType.objects.create(
        code="maritime-piracy", label="Maritime piracy", definition="…"
    )
    assert "maritime-piracy" not in codebook.as_markdown()  # nobody approved it yet
    publish(piracy)
    lookups = {
        "episode.conflict_types[].code": ConflictType.objects.values_list("code", flat=True),
        "episode.targets[].code": TargetType.objects.values_list("code", flat=True),
        "episode.purposes[].objectives[].code": Objective.objects.values_list("code", flat=True),
        "episode.instruments[].code": PolicyInstrument.objects.values_list("code", flat=True),
        "episode.measures[].subtype": MeasureSubtype.objects.values_list("slug", flat=True),
        "episode.unintended_consequences[].slug": UnintendedConsequence.objects.values_list(
            "slug", flat=True
        ),
    }
    for path, codes in lookups.items():
        allowed = {value.code for value in codebook.variable(path).allowed_values()}
        assert set(codes) == allowed, path
    assert "maritime-piracy" in codebook.as_markdown()


def test_every_choice_has_a_label_and_a_definition():
    for variable in codebook.VARIABLES.values():
        for value in variable.allowed_values():  # a choice without a definition: KeyError
            assert value.label or variable.type == "integer", (variable.path, value)


def test_a_choice_without_a_definition_is_refused():
    with pytest.raises(KeyError):
        codebook.choices(Purpose, {"coerce": "Make it change."})()


def test_objectives_say_which_purpose_they_belong_to():
    values = {v.code: v for v in codebook.variable("episode.purposes.objectives.code").values()}
    assert values["limit-wmd-technology"].extra == {"active": True, "purpose": "constrain"}
    assert values["cease-hostilities"].extra["purpose"] == ""


def test_the_rules_follow_the_settings_and_the_scale_labels(settings):
    settings.ATLAS_EFFECTIVE_RULE = {"policy_outcome_min": 5, "sanctions_contribution_min": 4}
    label = ScoreLabel.objects.get(scale=Scale.POLICY_OUTCOME, score=5)
    publish(
        edit(label, by=factory_researcher(), label="Achieved"),
        submitter=factory_reviewer(),
        approver=staff_user("second-reviewer", "Reviewers"),
    )

    rules = codebook.as_dict()["rules"]

    assert rules["effective"]["policy_outcome_min"] == 5
    assert "at least 5" in rules["effective"]["description"]
    scores = rules["scales"]["policy_outcome"]["scores"]
    assert [s["code"] for s in scores] == [1, 2, 3, 4, 5]
    assert scores[4]["label"] == "Achieved"
    assert "in force on the last day" in rules["designee_counts"]["description"]


def test_a_score_without_a_label_says_so():
    label = ScoreLabel.objects.get(scale=Scale.SANCTIONS_CONTRIBUTION, score=3)
    request = services.submit_for_review([label], by=factory_researcher(), action="delete")
    services.approve(request, by=factory_reviewer())
    scores = codebook.rules()["scales"]["sanctions_contribution"]["scores"]
    assert scores[2] == {"code": 3, "label": "", "definition": "No label configured."}


def test_description_for_the_api_schema():
    with_brackets = codebook.description("episode.purposes[].objectives[].code")
    assert with_brackets == codebook.description("episode.purposes.objectives.code")
    assert codebook.description("episode.assessments[].effective") == codebook.description(
        "assessment.effective"
    )
    listed = codebook.description("episode.conflict_types.code", with_values=True)
    assert "non-proliferation: Non-proliferation" in listed
    with pytest.raises(KeyError):
        codebook.description("episode.no_such_field")


def test_json_and_markdown_hold_every_variable_and_value():
    data = json.loads(json.dumps(codebook.as_dict()))
    markdown = codebook.as_markdown()

    assert set(data["documents"]) == {"episode", "regime", "assessment", "designation", "coding"}
    listed = [v["path"] for d in data["documents"].values() for v in d["variables"]]
    assert sorted(listed) == sorted(codebook.VARIABLES)
    for path in codebook.VARIABLES:
        assert f"`{path}`" in markdown
    for value in codebook.variable("episode.instruments.code").allowed_values():
        assert f"`{value.code}` **{value.label}**: {value.definition}" in markdown
    assert "| 5 | Significant progress |" in markdown
