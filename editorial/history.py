"""Reading the reversion history of an aggregate as a sequence of public documents and diffs."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from reversion.models import Version

from editorial import registry, snapshots
from editorial.diffs import Change, diff


@dataclass
class HistoryEntry:
    version: Version
    document: dict | None
    changes: list[Change] = field(default_factory=list)
    is_published: bool = False
    in_review: bool = False


def versions_of(obj) -> list[Version]:
    return list(Version.objects.get_for_object(obj).select_related("revision__user").order_by("pk"))


def documents_for(versions: list[Version]) -> dict[int, dict]:
    """{version.pk: public document at that version} for versions of one aggregate type."""
    if not versions:
        return {}
    model = ContentType.objects.get_for_id(versions[0].content_type_id).model_class()
    aggregate = registry.for_model(model)
    roots = snapshots.load(versions)
    context: dict = {}
    return {pk: aggregate.build_document(root, context) for pk, root in roots.items()}


def entries(obj, *, published_version_id=None, pinned_version_id=None) -> list[HistoryEntry]:
    """Every revision of ``obj``, oldest first, each with its changes against the previous one."""
    versions = versions_of(obj)
    documents = documents_for(versions)
    result = []
    previous = None
    for version in versions:
        document = documents.get(version.pk)
        result.append(
            HistoryEntry(
                version=version,
                document=document,
                changes=diff(previous, document) if previous is not None else [],
                is_published=version.pk == published_version_id,
                in_review=version.pk == pinned_version_id,
            )
        )
        previous = document
    return result


def changes_between(old_version: Version | None, new_version: Version) -> list[Change]:
    versions = [v for v in (old_version, new_version) if v is not None]
    documents = documents_for(versions)
    old = documents.get(old_version.pk) if old_version else None
    return diff(old, documents[new_version.pk])


@dataclass
class Restored:
    root: object
    reverted: int  # rows written back: the root and its children at that version
    removed: int  # children added since, deleted
    kept: dict = field(default_factory=dict)  # {field name: value kept instead of the old one}


def revert_aggregate(version: Version, *, keep=()) -> Restored:
    """Put one record and its own children back as they were at ``version``, nothing else.

    Reversion's ``Revision.revert`` rewrites every object of the revision, and an import's
    revision holds hundreds of designations: restoring one of them must not touch the others.
    Children added since are deleted, children removed since come back. ``keep`` names fields
    whose current value stays (the public identifiers of a published record).
    """
    model = version._model
    aggregate = registry.for_model(model)
    root_pk = model._meta.pk.to_python(version.object_id)
    current = model._base_manager.filter(pk=root_pk).first()
    children = {
        ContentType.objects.get_for_model(child.model).pk: child
        for child in (aggregate.children if aggregate else ())
    }
    old_children: dict = {child.model: [] for child in children.values()}
    for other in version.revision.version_set.exclude(pk=version.pk):
        child = children.get(other.content_type_id)
        if child is None:
            continue
        obj = other._object_version.object
        if getattr(obj, child.model._meta.get_field(child.fk).attname) == root_pk:
            old_children[child.model].append(other)
    with transaction.atomic():
        removed = 0
        for child in children.values():
            kept_pks = [
                child.model._meta.pk.to_python(v.object_id) for v in old_children[child.model]
            ]
            removed += (
                child.model._base_manager.filter(**{child.fk: root_pk})
                .exclude(pk__in=kept_pks)
                .delete()[1]
                .get(child.model._meta.label, 0)
            )
        root = version._object_version
        kept = {}
        if current is not None:
            for name in keep:
                attname = model._meta.get_field(name).attname
                old, now = getattr(root.object, attname), getattr(current, attname)
                if old != now:
                    kept[name] = now
                    setattr(root.object, attname, now)
        root.save()
        reverted = 1
        for child in children.values():
            for child_version in old_children[child.model]:
                child_version.revert()
                reverted += 1
    return Restored(root=root.object, reverted=reverted, removed=removed, kept=kept)
