"""The codebook as the field descriptions of the OpenAPI schema (a drf-spectacular hook).

``describe`` runs after the schema is generated (``POSTPROCESSING_HOOKS``): it starts at the
components of the public documents and the list rows, follows every ``$ref`` into nested
components with the field's path ("episode.purposes[].objectives[].code"), and sets each
property's ``description`` to the codebook's (``episodes.codebook.description``; the allowed
values are the schema's enums, or for a configurable list the codebook page's, which the
schema does not copy: it is generated without the database). A hook rather than ``help_text`` on each serializer field because
the document serializers live in the domain apps and the codebook describes fields by their path
in the document, which a nested serializer does not know: a component shared by several paths
(a score, a coded value) gets each path's words on the property that refers to it, and inside it
the words of each path, named.

A field the codebook lacks is a KeyError in ``tests/episodes/test_codebook.py``, not here: the
schema keeps the serializer's own help text for it.
"""

from episodes import codebook

# Top-level components and the codebook document they show.
DOCUMENTS = {
    "PublicEpisode": "episode",
    "Episode": "episode",
    "PublicRegime": "regime",
    "Regime": "regime",
    "PublicAssessment": "assessment",
    "PublicDesignation": "designation",
    "Designation": "designation",
}
# The flat rows of the API lists (and their CSV): column → codebook path where the name differs.
ROWS = {"EpisodeRow": "episode", "RegimeRow": "regime", "DesignationRow": "designation"}
ROWS["AssessmentRow"] = "assessment"
ROW_PATHS = {
    "episode": {
        "measure_categories": "episode.measures.category",
        "population_impact": "episode.population_impact.level",
        "overall_effectiveness": "episode.overall_effectiveness.level",
        "conflict_types": "episode.conflict_types.code",
        "targets": "episode.targets.code",
        "objectives": "episode.purposes.objectives.code",
        "instruments": "episode.instruments.code",
        "purposes": "episode.purposes.purpose",
    },
    "regime": {},
    "designation": {"imo_number": "designation.vessel.imo_number"},
    "assessment": {
        **{
            f"{scale}_{part}": f"assessment.{scale}.{part}"
            for scale in ("policy_outcome", "sanctions_contribution")
            for part in ("score", "label", "narrative")
        },
        "coders": "assessment.coding.coders",
        **{
            f"{variable}_{part}": f"assessment.coding.agreement.{path}{variable}"
            for variable in ("policy_outcome", "sanctions_contribution", "consequences")
            for part, path in (
                ("alpha", ""),
                ("percent_agreement", "percent_agreement."),
                ("units", "units."),
            )
        },
    },
}


def row_path(kind: str, name: str) -> str:
    """The codebook path of the field ``name`` of a list row of ``kind``."""
    return ROW_PATHS[kind].get(name, f"{kind}.{name}")


def _words(path: str) -> str | None:
    try:
        return codebook.description(path)
    except KeyError:
        return None


def _normalised(path: str) -> str | None:
    """The codebook's own path (an episode's assessment is an assessment), or None."""
    try:
        return codebook.normalise(path)
    except KeyError:
        return None


def _target(prop: dict) -> tuple[str | None, str]:
    """(component name, "" or "[]") that a property refers to, if any."""
    for holder, suffix in ((prop, ""), (prop.get("items") or {}, "[]")):
        ref = holder.get("$ref") or next(
            (part["$ref"] for part in holder.get("allOf", []) if "$ref" in part), None
        )
        if ref:
            return ref.rsplit("/", 1)[-1], suffix
    return None, ""


def describe(result, generator, request, public):
    schemas = result.get("components", {}).get("schemas", {})
    # Component → every path it is reached by (a score is both policy_outcome and contribution).
    reached: dict[str, list[str]] = {}
    pending = list(DOCUMENTS.items())
    while pending:
        name, path = pending.pop()
        component = schemas.get(name)
        if component is None or path in reached.get(name, []):
            continue
        reached.setdefault(name, []).append(path)
        for prop_name, prop in component.get("properties", {}).items():
            target, suffix = _target(prop)
            if target and "properties" in schemas.get(target, {}):
                pending.append((target, f"{path}.{prop_name}{suffix}"))
    for name, paths in reached.items():
        for prop_name, prop in schemas[name].get("properties", {}).items():
            words = {}
            for path in sorted(paths):
                full = _normalised(f"{path}.{prop_name}")
                if full and _words(full):
                    words[full.rsplit(".", 1)[0]] = _words(full)
            if len(set(words.values())) == 1:
                _set(prop, next(iter(words.values())))
            elif words:
                _set(prop, " ".join(f"In `{path}`: {text}" for path, text in words.items()))
    # The property that refers to a shared component carries its own path's words.
    for name, paths in reached.items():
        if len(paths) > 1:
            continue
        for prop_name, prop in schemas[name].get("properties", {}).items():
            words = _words(f"{paths[0]}.{prop_name}")
            if words:
                _set(prop, words)
    for name, kind in ROWS.items():
        for prop_name, prop in schemas.get(name, {}).get("properties", {}).items():
            words = _words(row_path(kind, prop_name))
            if words:
                _set(prop, words)
    return result


def _set(prop: dict, words: str) -> None:
    """The description beside a ``$ref`` needs the ``allOf`` wrapper in OpenAPI 3.0."""
    if "$ref" in prop:
        ref = prop.pop("$ref")
        prop["allOf"] = [{"$ref": ref}]
    prop["description"] = words
