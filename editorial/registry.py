"""The aggregates that go through review, and how each becomes a public document.

Each domain app describes its aggregate roots here (from its ``documents.py``, imported by its
AppConfig.ready): the working root model, its children, the ``Published…`` projection, the
serializer that turns a snapshot of the aggregate into the public document, and how the
projection's filter columns derive from that document. The workflow in ``editorial.services`` is
written once against this description.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from rest_framework import serializers


@dataclass(frozen=True)
class Child:
    """A child collection of an aggregate root, e.g. the measures of an episode."""

    accessor: str  # related name on the root: "measures"
    model: type[models.Model]
    fk: str  # the child's foreign key to the root: "episode"


@dataclass(frozen=True)
class Aggregate:
    model: type[models.Model]
    projection: type[models.Model]
    serializer: type  # a rest_framework Serializer building the document from a snapshot
    # The projection's filter columns: from the document, plus join keys from the root.
    columns: Callable[[dict, models.Model], dict]
    key: Callable[[dict], str]  # the public identifier (slug, reference number, code)
    public_url: Callable[[dict], str]
    children: tuple[Child, ...] = field(default=())
    # A page shows content of other records as they were approved (an episode its assessments, a
    # vessel its owner). ``compose`` fills that content into documents, in place, from the
    # published projections only: it gets [(object_id, document, columns)]. ``shown_on`` names
    # the pages that show the given projection rows of this aggregate: {model: {object_id}}.
    compose: Callable[[list], None] | None = None
    # The top-level keys of a document that ``compose`` writes into: approval copies only these
    # before composing a page again, to see whether it changed (empty: the whole document).
    composes: tuple[str, ...] = ()
    shown_on: Callable[[list], dict] | None = None
    # Called with the projection rows just written (at approval and by republish), to keep what
    # is derived from them alone up to date, e.g. the trigrams of designation names.
    written: Callable[[list], None] | None = None
    # People who shaped a record without saving a revision of it (an assessment's independent
    # coders and its reconciler), refused as its approvers like its authors are:
    # ([object_id, …]) -> {object_id: {user_id: "why, as the end of a sentence about the record"}}
    extra_authors: Callable[[list[str]], dict[str, dict[int, str]]] | None = None
    # What a reviewer should know before publishing a record (an episode with nothing coded):
    # ([(object_id, proposed document)], [every proposed document of the request's page]) ->
    # {object_id: [sentence, …]}. Warnings only: approval is not refused.
    review_notes: Callable[[list, list], dict] | None = None
    # A value of a configurable list (a score label, a type of conflict…): the codebook lists its
    # values and public documents show its labels (filled in by ``compose`` of the aggregates
    # that name it); it has no public page or document kind of its own.
    is_lookup: bool = False

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def content_type(self) -> ContentType:
        return ContentType.objects.get_for_model(self.model)

    def build_document(self, root: models.Model, context: dict | None = None) -> dict:
        """The public document, as plain JSON types (what the JSONField will store and return).

        ``context`` is shared by every document of one batch, so lookups load once per batch.
        """
        context = context if context is not None else {}
        # One serializer instance per batch: DRF builds a serializer's fields on first use, which
        # costs more than the document itself when repeated for every record.
        serializer = context.get(("serializer", self.model))
        if serializer is None:
            serializer = context[("serializer", self.model)] = self.serializer(context=context)
        data = serializer.to_representation(root)
        return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


_aggregates: dict[type[models.Model], Aggregate] = {}


def lookup_serializer(lookup_model, fields: list[str]) -> type:
    """The public document of one value of a configurable list: its fields as the admin has them."""
    meta = type("Meta", (), {"model": lookup_model, "fields": fields})
    return type(
        f"Public{lookup_model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta}
    )


def register(aggregate: Aggregate) -> Aggregate:
    _aggregates[aggregate.model] = aggregate
    return aggregate


def for_model(model: type[models.Model]) -> Aggregate | None:
    return _aggregates.get(model._meta.concrete_model)


def for_content_type(content_type: ContentType) -> Aggregate | None:
    model = content_type.model_class()
    return for_model(model) if model else None


def all_aggregates() -> list[Aggregate]:
    return list(_aggregates.values())
