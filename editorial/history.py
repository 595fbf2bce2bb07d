"""Reading the reversion history of an aggregate as a sequence of public documents and diffs."""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
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
