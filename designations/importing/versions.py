"""One reversion revision for a whole import, written in bulk.

Bulk writes (``bulk_create``/``bulk_update``) send no ``post_save``, so reversion does not see them;
the importer adds the versions itself. It writes exactly what ``reversion.add_to_revision`` would
(the same serialized fields, as registered in designations.models, for the designation and each of
its followed children; see tests/importing/test_versions.py), but chunk by chunk into one
``Revision`` row instead of holding every version of a 100,000-entry import in memory until the end.
Nothing in the project listens to reversion's pre/post_revision_commit signals, which this skips.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router
from django.utils import timezone
from django.utils.encoding import force_str
from reversion.models import Revision, Version
from reversion.revisions import _get_options

_python_serializer = serializers.get_serializer("python")


def serialized(objects, model) -> list[str]:
    """Each object as reversion stores it: a one-element JSON list in Django's json format."""
    options = _get_options(model)
    data = _python_serializer().serialize(objects, fields=options.fields)
    return [
        "[" + json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False) + "]" for item in data
    ]


class RevisionWriter:
    """Creates the revision on first use (an import that changes nothing makes none)."""

    def __init__(self, *, user, comment: str):
        self.user = user
        self.comment = comment
        self.revision: Revision | None = None
        self.versions = 0

    def add(self, objects) -> None:
        """Add a version of each object (group a designation with all of its children)."""
        if not objects:
            return
        if self.revision is None:
            self.revision = Revision.objects.create(
                date_created=timezone.now(),
                user=self.user if getattr(self.user, "pk", None) else None,
                comment=self.comment,
            )
        by_model: dict[type, list] = {}
        for obj in objects:
            by_model.setdefault(type(obj), []).append(obj)
        rows = []
        for model, group in by_model.items():
            content_type = ContentType.objects.get_for_model(model)
            options = _get_options(model)
            db = router.db_for_write(model)
            for obj, data in zip(group, serialized(group, model), strict=True):
                rows.append(
                    Version(
                        revision=self.revision,
                        object_id=force_str(getattr(obj, options.object_id_field)),
                        content_type_id=content_type.pk,
                        db=db,
                        format=options.format,
                        serialized_data=data,
                        object_repr=force_str(obj),
                    )
                )
        Version.objects.bulk_create(rows, batch_size=500)
        self.versions += len(rows)
