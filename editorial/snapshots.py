"""Rebuild aggregates exactly as they were at given reversion versions, in a bounded number of queries.

Approval publishes what the reviewer reviewed, not whatever the working tables hold at that moment,
and ``republish`` must rebuild the same documents later. Both read the pinned reversion revisions:
every child of an aggregate is followed into each revision (see the ``reversion.register`` calls
in the models), so one revision holds the whole aggregate.

The loaded instances are unsaved model objects. Their children are placed in Django's prefetch
cache and their foreign keys are resolved in bulk, so a serializer can walk
``episode.measures.all()`` or ``measure.subtype`` without touching the database.
"""

import json
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from reversion.models import Version

from editorial import registry

_CHUNK = 500


def instance_from_version(version: Version, model: type[models.Model]) -> models.Model:
    """Deserialize one reversion version into an unsaved instance (no queries)."""
    data = json.loads(version.serialized_data)[0]
    obj = model()
    obj.pk = model._meta.pk.to_python(data["pk"])
    for name, value in data["fields"].items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue  # a field removed since this version was saved
        if field.many_to_many:
            continue
        if field.many_to_one or field.one_to_one:
            target = field.target_field
            setattr(obj, field.attname, None if value is None else target.to_python(value))
        else:
            setattr(obj, field.attname, field.to_python(value))
    obj._state.adding = False
    obj._state.db = version.db
    return obj


def _set_prefetched(root: models.Model, accessor: str, children: list[models.Model]) -> None:
    """Make ``root.<accessor>.all()`` return ``children``, as prefetch_related() would."""
    manager = getattr(root, accessor)
    queryset = manager.model._base_manager.none()
    queryset._result_cache = children
    queryset._prefetch_done = True
    if not hasattr(root, "_prefetched_objects_cache"):
        root._prefetched_objects_cache = {}
    root._prefetched_objects_cache[manager.field.remote_field.cache_name] = queryset


def _none_last(value):
    return (value is None, 0 if value is None else value)


def _sort_children(model: type[models.Model], children: list[models.Model]) -> list[models.Model]:
    """Order children by the model's Meta.ordering (its own fields), then by primary key."""
    result = sorted(children, key=lambda obj: obj.pk)
    for name in reversed(model._meta.ordering or []):
        attr = name.lstrip("-")
        if "__" in attr:
            continue
        try:
            attname = (
                model._meta.get_field(attr).attname if attr != "pk" else model._meta.pk.attname
            )
        except FieldDoesNotExist:
            continue
        result.sort(
            key=lambda obj, a=attname: _none_last(getattr(obj, a)),
            reverse=name.startswith("-"),
        )
    return result


def load(versions: list[Version]) -> dict[int, models.Model]:
    """Return {version.pk: root instance with its children}, for versions of aggregate roots."""
    if not versions:
        return {}
    revision_ids = sorted({v.revision_id for v in versions})
    in_revision: dict[int, list[Version]] = defaultdict(list)
    for start in range(0, len(revision_ids), _CHUNK):
        chunk = revision_ids[start : start + _CHUNK]
        for version in Version.objects.filter(revision_id__in=chunk).only(
            "pk", "revision_id", "content_type_id", "object_id", "serialized_data", "db"
        ):
            in_revision[version.revision_id].append(version)

    # Deserialize every version of those revisions, indexed per revision and model.
    instances: dict[tuple[int, type], dict[object, models.Model]] = defaultdict(dict)
    for revision_id, revision_versions in in_revision.items():
        for version in revision_versions:
            model = ContentType.objects.get_for_id(version.content_type_id).model_class()
            if model is None:
                continue
            obj = instance_from_version(version, model)
            instances[(revision_id, model)][obj.pk] = obj

    roots: dict[int, models.Model] = {}
    loaded: list[models.Model] = []
    # {(revision, child model, fk): {root pk: [children]}}, built once per key: a revision holding
    # a whole import batch has thousands of roots, and scanning every child for each root is
    # quadratic (issue #6).
    by_parent: dict[tuple, dict[object, list[models.Model]]] = {}
    for version in versions:
        model = ContentType.objects.get_for_id(version.content_type_id).model_class()
        aggregate = registry.for_model(model)
        root = instances[(version.revision_id, model)].get(
            model._meta.pk.to_python(version.object_id)
        )
        if root is None:  # pragma: no cover - a version is always in its own revision
            root = instance_from_version(version, model)
        loaded.append(root)
        for child in aggregate.children if aggregate else ():
            fk_attname = child.model._meta.get_field(child.fk).attname
            key = (version.revision_id, child.model, fk_attname)
            if key not in by_parent:
                grouped = by_parent[key] = defaultdict(list)
                for obj in instances[(version.revision_id, child.model)].values():
                    grouped[getattr(obj, fk_attname)].append(obj)
            children = list(by_parent[key].get(root.pk, ()))
            for obj in children:
                setattr(obj, child.fk, root)
            _set_prefetched(root, child.accessor, _sort_children(child.model, children))
            loaded.extend(children)
        roots[version.pk] = root

    _resolve_foreign_keys(loaded, instances)
    return roots


def _resolve_foreign_keys(objects: list[models.Model], instances) -> None:
    """Fill every unresolved foreign key of the loaded objects with one query per target model.

    A key pointing at a sibling loaded from the same revision (a document's measure) resolves to
    that sibling; anything else (lookups, the regime, a vessel's owner) is read from its table.
    """
    wanted: dict[type, set] = defaultdict(set)
    pending: list[tuple[models.Model, models.Field]] = []
    siblings: dict[tuple[type, object], models.Model] = {}
    for obj in objects:
        siblings[(type(obj), obj.pk)] = obj
    for obj in objects:
        for field in obj._meta.concrete_fields:
            if not (field.many_to_one or field.one_to_one):
                continue
            if field.is_cached(obj):
                continue
            value = getattr(obj, field.attname)
            if value is None:
                continue
            target_model = field.related_model
            sibling = siblings.get((target_model, value))
            if sibling is not None:
                field.set_cached_value(obj, sibling)
                continue
            wanted[target_model].add(value)
            pending.append((obj, field))
    fetched = {model: model._base_manager.in_bulk(list(ids)) for model, ids in wanted.items()}
    for obj, field in pending:
        target = fetched[field.related_model].get(getattr(obj, field.attname))
        field.set_cached_value(obj, target)


def latest_versions(model: type[models.Model], object_ids) -> dict[str, Version]:
    """The newest version of each object, in one query."""
    object_ids = [str(pk) for pk in object_ids]
    result: dict[str, Version] = {}
    content_type = ContentType.objects.get_for_model(model)
    for start in range(0, len(object_ids), _CHUNK):
        chunk = object_ids[start : start + _CHUNK]
        newest = (
            Version.objects.filter(content_type=content_type, object_id__in=chunk)
            .values("object_id")
            .annotate(newest=models.Max("pk"))
            .values_list("newest", flat=True)
        )
        for version in Version.objects.filter(pk__in=newest).select_related("revision__user"):
            result[version.object_id] = version
    return result
