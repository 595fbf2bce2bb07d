"""The public shape of regimes and episodes.

These serializers build the ``document`` of PublishedRegime and PublishedEpisode at approval, from
a snapshot of the aggregate at the approved revision (see editorial.snapshots); the public API
returns those stored documents and documents its schema with the same classes.
"""

from django.db.models import Q
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.documents import every_episode, label_scores, published_score_labels
from assessments.models import EpisodeConsequence, PublishedAssessment, PublishedConsequence
from editorial.documents import DocumentSerializer
from editorial.registry import Aggregate, Child, lookup_serializer, register
from episodes.models import (
    ConflictType,
    Episode,
    EpisodeConflictType,
    EpisodeDocument,
    EpisodeInstrument,
    EpisodePurpose,
    EpisodeTarget,
    MeasureSubtype,
    Objective,
    PolicyInstrument,
    PublishedConflictType,
    PublishedEpisode,
    PublishedMeasureSubtype,
    PublishedObjective,
    PublishedPolicyInstrument,
    PublishedRegime,
    PublishedTargetType,
    Purpose,
    PurposeObjective,
    Regime,
    Resolution,
    SanctionMeasure,
    TargetType,
)


class PublicRegimeSerializer(serializers.ModelSerializer):
    un_prefix = serializers.CharField(
        help_text="The prefix of the regime's UN reference numbers (KP for KPi.033); empty where "
        "the UN list has none, and the code is then the establishing resolution's number."
    )
    target_countries = serializers.ListField(
        source="target_country_codes",
        child=serializers.CharField(),
        help_text="ISO 3166-1 alpha-3 codes of the countries the regime concerns (today's "
        "borders); empty for a thematic regime.",
    )
    thematic = serializers.BooleanField(source="is_thematic")

    class Meta:
        model = Regime
        fields = [
            "code",
            "un_prefix",
            "short_name",
            "name",
            "committee",
            "established_by",
            "established_on",
            "terminated_by",
            "terminated_on",
            "target",
            "target_countries",
            "thematic",
            "sources",
            "description",
        ]


class ResolutionSerializer(serializers.ModelSerializer):
    symbol = serializers.CharField(help_text="e.g. S/RES/2397 (2017)")
    role_label = serializers.CharField(source="get_role_display")

    class Meta:
        model = Resolution
        fields = [
            "symbol",
            "number",
            "year",
            "adopted_on",
            "role",
            "role_label",
            "vote",
            "description",
            "url",
        ]


class CodedValueSerializer(serializers.Serializer):
    """One value of a coded list (type of conflict, target): its code and its label."""

    code = serializers.CharField(help_text="Stable code of the value (see the codebook).")
    label = serializers.CharField()


class CodedValueNoteSerializer(CodedValueSerializer):
    note = serializers.CharField(help_text="Markdown")


def _coded(row, lookup: str, with_note: bool = False) -> dict:
    value = getattr(row, lookup)
    item = {"code": value.code, "label": value.label}
    return item | {"note": row.note} if with_note else item


def _by_lookup_order(rows, lookup: str):
    return sorted(rows, key=lambda row: (getattr(row, lookup).order, getattr(row, lookup).label))


class PurposeSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="get_purpose_display")
    objectives = serializers.SerializerMethodField()

    class Meta:
        model = EpisodePurpose
        fields = ["purpose", "label", "objective", "objectives", "is_primary"]

    @extend_schema_field(CodedValueNoteSerializer(many=True))
    def get_objectives(self, purpose):
        """The objectives coded under this purpose (rows of the episode that name the purpose)."""
        rows = [row for row in purpose.episode.objectives.all() if row.purpose == purpose.purpose]
        return [
            _coded(row, "objective", with_note=True) for row in _by_lookup_order(rows, "objective")
        ]


class LinkSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    measure = serializers.IntegerField(
        source="measure_id", allow_null=True, help_text="id of the measure this link belongs to"
    )

    class Meta:
        model = EpisodeDocument
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "url",
            "reference",
            "issued_on",
            "measure",
            "note",
        ]


class MeasureSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display")
    subtype = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    subtype_label = serializers.SerializerMethodField()
    application_label = serializers.CharField(source="get_application_display")
    population_impact_label = serializers.CharField(source="get_population_impact_display")

    class Meta:
        model = SanctionMeasure
        fields = [
            "id",
            "category",
            "category_label",
            "subtype",
            "subtype_label",
            "title",
            "secondary_sanctions",
            "application",
            "application_label",
            "population_impact",
            "population_impact_label",
            "resolution_paragraph",
            "description",
            "exemptions",
        ]

    def get_subtype_label(self, measure) -> str | None:
        return measure.subtype.name if measure.subtype else None


class ConsequenceSerializer(serializers.Serializer):
    slug = serializers.CharField(source="consequence.slug")
    name = serializers.CharField(source="consequence.name")
    polarity = serializers.CharField(source="consequence.polarity")
    is_other = serializers.BooleanField(source="consequence.is_other")
    other_text = serializers.CharField()
    note = serializers.CharField()


class CountSerializer(serializers.Serializer):
    current = serializers.IntegerField(allow_null=True)
    maximum = serializers.IntegerField(allow_null=True)


class DesigneesSerializer(serializers.Serializer):
    individuals = CountSerializer()
    entities = CountSerializer()
    vessels = CountSerializer()
    note = serializers.CharField()


class LevelSerializer(serializers.Serializer):
    level = serializers.CharField(help_text="low, medium or high")
    label = serializers.CharField()
    text = serializers.CharField(required=False)


class EffectivenessSerializer(serializers.Serializer):
    level = serializers.CharField(help_text="high, mixed or low")
    label = serializers.CharField()


class InstitutionsSerializer(serializers.Serializer):
    sanctions_committee = serializers.BooleanField()
    panel_of_experts = serializers.BooleanField()
    designation_criteria = serializers.BooleanField()
    targets_designated = serializers.BooleanField()
    enforcement_authorities = serializers.BooleanField()
    text = serializers.CharField()


class CarveOutSerializer(serializers.Serializer):
    applies = serializers.BooleanField()
    text = serializers.CharField()


def _sorted(related, key):
    return sorted(related.all(), key=key)


class PublicEpisodeSerializer(DocumentSerializer):
    """The complete public document of one episode (assessments are published separately)."""

    regime = serializers.SlugRelatedField(slug_field="code", read_only=True)
    ongoing = serializers.BooleanField(source="is_ongoing")
    resolutions = serializers.SerializerMethodField()
    primary_purpose = serializers.SerializerMethodField()
    purposes = serializers.SerializerMethodField()
    conflict_types = serializers.SerializerMethodField()
    targets = serializers.SerializerMethodField()
    measures = serializers.SerializerMethodField()
    instruments = serializers.SerializerMethodField()
    humanitarian_carve_out = serializers.SerializerMethodField()
    designees = serializers.SerializerMethodField()
    population_impact = serializers.SerializerMethodField()
    institutions = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    unintended_consequences = serializers.SerializerMethodField()
    overall_effectiveness = serializers.SerializerMethodField()

    class Meta:
        model = Episode
        fields = [
            "slug",
            "title",
            "number",
            "regime",
            "summary",
            "start_date",
            "end_date",
            "ongoing",
            "resolutions",
            "primary_purpose",
            "purposes",
            "conflict_types",
            "targets",
            "narrative",
            "measures",
            "instruments",
            "humanitarian_carve_out",
            "designees",
            "population_impact",
            "institutions",
            "documents",
            "unintended_consequences",
            "overall_effectiveness",
        ]

    @extend_schema_field(ResolutionSerializer(many=True))
    def get_resolutions(self, episode):
        rows = _sorted(
            episode.resolutions, lambda r: (r.adopted_on is None, r.adopted_on, r.number)
        )
        return self.nested(ResolutionSerializer, rows)

    def get_primary_purpose(self, episode) -> str | None:
        primary = [p.purpose for p in episode.purposes.all() if p.is_primary]
        return primary[0] if primary else None

    @extend_schema_field(PurposeSerializer(many=True))
    def get_purposes(self, episode):
        order = ["coerce", "constrain", "signal"]
        rows = _sorted(episode.purposes, lambda p: order.index(p.purpose))
        return self.nested(PurposeSerializer, rows)

    @extend_schema_field(CodedValueSerializer(many=True))
    def get_conflict_types(self, episode):
        rows = _by_lookup_order(episode.conflict_types.all(), "conflict_type")
        return [_coded(row, "conflict_type") for row in rows]

    @extend_schema_field(CodedValueSerializer(many=True))
    def get_targets(self, episode):
        return [_coded(row, "target") for row in _by_lookup_order(episode.targets.all(), "target")]

    @extend_schema_field(CodedValueNoteSerializer(many=True))
    def get_instruments(self, episode):
        rows = _by_lookup_order(episode.instruments.all(), "instrument")
        return [_coded(row, "instrument", with_note=True) for row in rows]

    @extend_schema_field(MeasureSerializer(many=True))
    def get_measures(self, episode):
        rows = _sorted(episode.measures, lambda m: (m.position, m.pk))
        return self.nested(MeasureSerializer, rows)

    @extend_schema_field(CarveOutSerializer)
    def get_humanitarian_carve_out(self, episode):
        return {
            "applies": episode.humanitarian_carve_out,
            "text": episode.humanitarian_carve_out_text,
        }

    @extend_schema_field(DesigneesSerializer)
    def get_designees(self, episode):
        return {
            kind: {
                "current": getattr(episode, f"current_{kind}"),
                "maximum": getattr(episode, f"max_{kind}"),
            }
            for kind in ("individuals", "entities", "vessels")
        } | {"note": episode.designees_note}

    @extend_schema_field(LevelSerializer(allow_null=True))
    def get_population_impact(self, episode):
        if not episode.population_impact and not episode.population_impact_text:
            return None
        return {
            "level": episode.population_impact,
            "label": episode.get_population_impact_display(),
            "text": episode.population_impact_text,
        }

    @extend_schema_field(InstitutionsSerializer)
    def get_institutions(self, episode):
        return {
            "sanctions_committee": episode.has_sanctions_committee,
            "panel_of_experts": episode.has_panel_of_experts,
            "designation_criteria": episode.designation_criteria_specified,
            "targets_designated": episode.targets_designated,
            "enforcement_authorities": episode.enforcement_authorities_specified,
            "text": episode.institutions_text,
        }

    @extend_schema_field(LinkSerializer(many=True))
    def get_documents(self, episode):
        rows = _sorted(episode.documents, lambda d: (d.position, d.pk))
        return self.nested(LinkSerializer, rows)

    @extend_schema_field(ConsequenceSerializer(many=True))
    def get_unintended_consequences(self, episode):
        rows = _sorted(
            episode.unintended_consequences,
            lambda c: (c.consequence.position, c.consequence.name, c.pk),
        )
        return self.nested(ConsequenceSerializer, rows)

    @extend_schema_field(EffectivenessSerializer(allow_null=True))
    def get_overall_effectiveness(self, episode):
        if not episode.overall_effectiveness:
            return None
        return {
            "level": episode.overall_effectiveness,
            "label": episode.get_overall_effectiveness_display(),
        }


def _pipe(values) -> str:
    values = [v for v in values if v]
    return "|" + "|".join(values) + "|" if values else ""


def episode_columns(document: dict, root: Episode) -> dict:
    return {
        "slug": document["slug"],
        "regime_code": document["regime"],
        "number": document["number"],
        "title": document["title"],
        "start_date": document["start_date"],
        "end_date": document["end_date"],
        "primary_purpose": document["primary_purpose"] or "",
        "purposes": _pipe(p["purpose"] for p in document["purposes"]),
        "categories": _pipe(sorted({m["category"] for m in document["measures"]})),
        "conflict_types": _pipe(sorted({c["code"] for c in document["conflict_types"]})),
        "targets": _pipe(sorted({t["code"] for t in document["targets"]})),
        "objectives": _pipe(
            sorted({o["code"] for p in document["purposes"] for o in p["objectives"]})
        ),
        "instruments": _pipe(sorted({i["code"] for i in document["instruments"]})),
        "population_impact": (document["population_impact"] or {}).get("level", ""),
        "overall_effectiveness": (document["overall_effectiveness"] or {}).get("level", ""),
    }


def regime_columns(document: dict, root: Regime) -> dict:
    return {"code": document["code"], "name": document["name"]}


REGIME = register(
    Aggregate(
        model=Regime,
        projection=PublishedRegime,
        serializer=PublicRegimeSerializer,
        columns=regime_columns,
        key=lambda document: document["code"],
        public_url=lambda document: f"/regimes/{document['code']}/",
    )
)


def published_lookups() -> dict:
    """The approved values of the configurable lists an episode page names, by code: what the
    labels inside public documents come from (never the working lists, which a reviewer may
    have edited without anyone approving it yet)."""
    coded = {
        "conflict_types": PublishedConflictType,
        "targets": PublishedTargetType,
        "objectives": PublishedObjective,
        "instruments": PublishedPolicyInstrument,
    }
    result = {
        name: {row["code"]: row for row in projection.objects.values("code", "label", "order")}
        for name, projection in coded.items()
    }
    result["subtypes"] = dict(PublishedMeasureSubtype.objects.values_list("slug", "name"))
    result["consequences"] = {
        document["slug"]: document
        for document in PublishedConsequence.objects.values_list("document", flat=True)
    }
    return result


def _relabel(values: list, published: dict) -> list:
    """Coded values ({code, label, …}) with their approved labels, in the approved order; a value
    not approved yet is named by its code."""
    for value in values:
        value["label"] = published.get(value["code"], {}).get("label", value["code"])
    return sorted(
        values,
        key=lambda v: (published.get(v["code"], {}).get("order", 1 << 16), v["label"]),
    )


def label_episode(document: dict, lookups: dict) -> None:
    """Fill the labels of the configurable lists into an episode document, from ``lookups``."""
    for name in ("conflict_types", "targets", "instruments"):
        if name in document:
            document[name] = _relabel(document[name], lookups[name])
    for purpose in document.get("purposes", ()):
        purpose["objectives"] = _relabel(purpose["objectives"], lookups["objectives"])
    for measure in document.get("measures", ()):
        if measure.get("subtype"):
            measure["subtype_label"] = lookups["subtypes"].get(
                measure["subtype"], measure["subtype"]
            )
    consequences = document.get("unintended_consequences", ())
    for consequence in consequences:
        approved = lookups["consequences"].get(consequence["slug"])
        if approved is None:
            consequence["name"] = consequence["slug"]
        else:
            for field in ("name", "polarity", "is_other"):
                consequence[field] = approved[field]
    if consequences:
        position = {slug: d["position"] for slug, d in lookups["consequences"].items()}
        document["unintended_consequences"] = sorted(
            consequences, key=lambda c: (position.get(c["slug"], 1 << 16), c["name"])
        )


def compose_episodes(items) -> None:
    """The episode page: the episode with its assessments as approved (one per purpose), and the
    labels of the configurable lists as approved."""
    order = {value: index for index, value in enumerate(Purpose.values)}
    by_episode: dict = {}
    for episode_id, document in PublishedAssessment.objects.filter(
        episode_object_id__in=[object_id for object_id, _, _ in items]
    ).values_list("episode_object_id", "document"):
        by_episode.setdefault(episode_id, []).append(document)
    lookups = published_lookups()
    scores = published_score_labels()
    for object_id, document, _ in items:
        label_episode(document, lookups)
        assessments = by_episode.get(object_id, [])
        for assessment in assessments:
            label_scores(assessment, scores)
        document["assessments"] = sorted(
            assessments, key=lambda a: order.get(a["purpose"], len(order))
        )


def episode_review_notes(entries, batch) -> dict:
    """Warn the reviewer of an episode that would be published with nothing coded: no purpose,
    no measure, or no assessment (published, or proposed in the same request)."""
    assessed_here = {
        document.get("episode")
        for document in batch
        if document and "purpose" in document and "policy_outcome" in document
    }
    assessed = set(
        PublishedAssessment.objects.filter(
            episode_object_id__in=[int(object_id) for object_id, _ in entries]
        ).values_list("episode_object_id", flat=True)
    )
    notes = {}
    for object_id, document in entries:
        missing = [
            f"no {what} is coded"
            for what, key in (("purpose", "purposes"), ("sanction measure", "measures"))
            if not document.get(key)
        ]
        if int(object_id) not in assessed and document.get("slug") not in assessed_here:
            missing.append("no assessment is published or part of this request")
        if missing:
            notes[object_id] = [
                "This episode would be published with little to show: "
                + "; ".join(missing)
                + ". Its public page will say so (“No purpose coded.”, “not assessed”)."
            ]
    return notes


EPISODE = register(
    Aggregate(
        model=Episode,
        projection=PublishedEpisode,
        serializer=PublicEpisodeSerializer,
        columns=episode_columns,
        compose=compose_episodes,
        composes=(
            "assessments",
            "conflict_types",
            "targets",
            "instruments",
            "purposes",
            "measures",
            "unintended_consequences",
        ),
        review_notes=episode_review_notes,
        key=lambda document: document["slug"],
        public_url=lambda document: f"/episodes/{document['slug']}/",
        children=(
            Child("resolutions", Resolution, "episode"),
            Child("purposes", EpisodePurpose, "episode"),
            Child("measures", SanctionMeasure, "episode"),
            Child("documents", EpisodeDocument, "episode"),
            Child("unintended_consequences", EpisodeConsequence, "episode"),
            Child("conflict_types", EpisodeConflictType, "episode"),
            Child("targets", EpisodeTarget, "episode"),
            Child("objectives", PurposeObjective, "episode"),
            Child("instruments", EpisodeInstrument, "episode"),
        ),
    )
)


# --- the configurable lists, each value reviewed like any record ---------------------------------


def episodes_coded_with(column: str):
    """``shown_on`` of a coded list: the published episodes coded with the rows' codes."""

    def shown_on(rows) -> dict:
        codes = {row.code for row in rows}
        if not codes:
            return {}
        coded = Q()
        for code in codes:
            coded |= Q(**{f"{column}__contains": f"|{code}|"})
        return {
            Episode: set(PublishedEpisode.objects.filter(coded).values_list("object_id", flat=True))
        }

    return shown_on


CODED_FIELDS = ["code", "label", "definition", "order", "active"]
CODED_LOOKUPS = (
    # (working model, projection, episode column, codebook anchor)
    (ConflictType, PublishedConflictType, "conflict_types", "episode-conflict_types-code"),
    (TargetType, PublishedTargetType, "targets", "episode-targets-code"),
    (Objective, PublishedObjective, "objectives", "episode-purposes-objectives-code"),
    (PolicyInstrument, PublishedPolicyInstrument, "instruments", "episode-instruments-code"),
)
for _model, _projection, _column, _anchor in CODED_LOOKUPS:
    _extra = ["purpose"] if _model is Objective else []
    register(
        Aggregate(
            model=_model,
            projection=_projection,
            serializer=lookup_serializer(_model, [*CODED_FIELDS, *_extra]),
            columns=lambda document, root, _extra=_extra: {
                name: document[name] for name in ("code", "label", "order", "active", *_extra)
            },
            key=lambda document: document["code"],
            public_url=lambda document, _anchor=_anchor: f"/codebook/#v-{_anchor}",
            shown_on=episodes_coded_with(_column),
            is_lookup=True,
        )
    )

MEASURE_SUBTYPE = register(
    Aggregate(
        model=MeasureSubtype,
        projection=PublishedMeasureSubtype,
        serializer=lookup_serializer(MeasureSubtype, ["slug", "name", "category", "description"]),
        columns=lambda document, root: {"slug": document["slug"], "name": document["name"]},
        key=lambda document: document["slug"],
        public_url=lambda document: "/codebook/#v-episode-measures-subtype",
        shown_on=every_episode,
        is_lookup=True,
    )
)
