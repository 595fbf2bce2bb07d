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
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from reversion.models import Version

from editorial import registry
from editorial.bulk import field_defaults

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


_IDENTITY_TYPES = frozenset({str, int, bool, type(None)})


def _field_plan(model: type[models.Model]) -> dict:
    """{serialized name: (attname, to_python, whether a plain str/int/None passes unchanged)}."""
    plan = {}
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.many_to_many:
            continue
        if field.many_to_one or field.one_to_one:
            target = field.target_field
            plan[field.name] = (field.attname, target.to_python, False)
        else:
            plain = isinstance(field, (models.CharField, models.TextField)) or (
                isinstance(field, models.IntegerField) and not field.choices
            )
            plan[field.name] = (field.attname, field.to_python, plain)
    return plan


def _instance(model, plan: dict, data: dict, db: str) -> models.Model:
    """What ``instance_from_version`` makes, without ``Model.__init__`` (one per version of a
    batch of thousands): the same attribute values, converted by each field's ``to_python``
    except for text and numbers that are already of their field's type."""
    obj = model.__new__(model)
    state = obj._state = models.base.ModelState()
    values = obj.__dict__
    defaults, calls = field_defaults(model)  # every attribute, as Model.__init__ sets them
    values.update(defaults)
    for attname, default in calls:
        values[attname] = default()
    values[model._meta.pk.attname] = model._meta.pk.to_python(data["pk"])
    for name, value in data["fields"].items():
        entry = plan.get(name)
        if entry is None:
            continue  # a field removed since this version was saved
        attname, to_python, plain = entry
        if value is None:
            values[attname] = None  # what every field's to_python makes of None
        elif plain and type(value) in _IDENTITY_TYPES:
            values[attname] = value
        else:
            values[attname] = to_python(value)
    state.adding = False
    state.db = db
    return obj


class _Empty:
    """``model._base_manager.none()``, copied shallowly (its query is never mutated: every
    QuerySet method that would change it clones it first)."""

    def __init__(self, model):
        self.template = model._base_manager.none()

    def _chain_shallow(self):
        template = self.template
        queryset = template.__class__.__new__(template.__class__)
        queryset.__dict__.update(template.__dict__)
        queryset._known_related_objects = {}
        queryset._prefetch_related_lookups = ()
        queryset._hints = dict(template._hints)
        return queryset


@cache
def _empty(model) -> _Empty:
    return _Empty(model)


def _set_prefetched(root: models.Model, accessor: str, children: list[models.Model]) -> None:
    """Make ``root.<accessor>.all()`` return ``children``, as prefetch_related() would."""
    manager = getattr(root, accessor)
    # A copy of one empty queryset per model: ``none()`` itself builds a new query each time,
    # which costs more than the rest of a snapshot for thousands of roots.
    queryset = _empty(manager.model)._chain_shallow()
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


def load(versions: list[Version], *, children: bool = True) -> dict[int, models.Model]:
    """Return {version.pk: root instance with its children}, for versions of aggregate roots.

    With ``children=False`` the roots alone (their own fields and foreign keys): what an approval
    needs for the filter columns of documents it already has (see ``publication.apply``).
    """
    if not versions:
        return {}
    revision_ids = sorted({v.revision_id for v in versions})
    # Only the versions an aggregate of these roots can hold: its root's and its children's. An
    # import's revision holds every designation of the list; its regimes need none of them.
    wanted_types = set()
    for content_type_id in {v.content_type_id for v in versions}:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        wanted_types.add(content_type_id)
        aggregate = registry.for_model(model) if model is not None and children else None
        for child in aggregate.children if aggregate else ():
            wanted_types.add(ContentType.objects.get_for_model(child.model).pk)
    instances: dict[tuple[int, type], dict[object, models.Model]] = defaultdict(dict)
    plans: dict[int, tuple] = {}
    for start in range(0, len(revision_ids), _CHUNK):
        chunk = revision_ids[start : start + _CHUNK]
        rows = Version.objects.filter(
            revision_id__in=chunk, content_type_id__in=sorted(wanted_types)
        ).values_list("revision_id", "content_type_id", "serialized_data", "db")
        for revision_id, content_type_id, serialized_data, db in rows.iterator(chunk_size=2000):
            plan = plans.get(content_type_id)
            if plan is None:
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                plan = plans[content_type_id] = (model, _field_plan(model) if model else None)
            model, fields = plan
            if model is None:
                continue
            obj = _instance(model, fields, json.loads(serialized_data)[0], db)
            instances[(revision_id, model)][obj.pk] = obj

    # Children indexed by (revision, child model, parent key): one pass, whatever the batch size.
    children_of: dict[tuple[int, type, object], list[models.Model]] = defaultdict(list)
    child_specs = {
        (child.model, child.model._meta.get_field(child.fk).attname)
        for aggregate in registry.all_aggregates()
        for child in aggregate.children
    }
    for (revision_id, model), objs in instances.items():
        for child_model, fk_attname in child_specs:
            if child_model is model:
                for obj in objs.values():
                    children_of[(revision_id, model, getattr(obj, fk_attname))].append(obj)

    roots: dict[int, models.Model] = {}
    loaded: list[models.Model] = []
    for version in versions:
        model = ContentType.objects.get_for_id(version.content_type_id).model_class()
        aggregate = registry.for_model(model)
        root = instances[(version.revision_id, model)].get(
            model._meta.pk.to_python(version.object_id)
        )
        if root is None:  # pragma: no cover - a version is always in its own revision
            root = instance_from_version(version, model)
        loaded.append(root)
        for child in aggregate.children if aggregate and children else ():
            kids = children_of.get((version.revision_id, child.model, root.pk), [])
            # What ``obj.<fk> = root`` leaves (its key already is root's): the cached parent,
            # without the descriptor's type and router checks for each of thousands of children.
            parent = child.model._meta.get_field(child.fk)
            for obj in kids:
                parent.set_cached_value(obj, root)
            _set_prefetched(root, child.accessor, _sort_children(child.model, kids))
            loaded.extend(kids)
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
