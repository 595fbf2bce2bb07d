"""One reversion revision for a whole import, written in bulk.

Bulk writes (``bulk_create``/``bulk_update``) send no ``post_save``, so reversion does not see them;
the importer adds the versions itself. It writes exactly what ``reversion.add_to_revision`` would
(the same serialized fields, as registered in designations.models, for the designation and each of
its followed children; tests/importing/test_versions.py compares the two), but chunk by chunk into
one ``Revision`` row (``bulk.insert_rows``: one ``COPY`` per chunk on PostgreSQL, multi-row
``INSERT``s on SQLite), instead of holding every version of a 100,000-entry import in memory
until the end. On PostgreSQL each version is serialized as the ``COPY`` streams, so that the
server stores the versions before it meanwhile (a fifth of a 100,000-entry import's wall time
was the server's work on them after the client had made them all); so nothing that makes a row
may query (the content types are looked up first, ``serialized`` and the models' ``__str__``
read only the instance). Nothing in the project listens to reversion's pre/post_revision_commit
signals, which this skips.
"""

import datetime
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, router
from django.utils import timezone
from django.utils.encoding import force_str, is_protected_type
from reversion.models import Revision, Version
from reversion.revisions import _get_options

from editorial import bulk

_encoder = DjangoJSONEncoder(ensure_ascii=False)
_AS_IS = frozenset({str, list, dict, type(None), int, bool})
_VERSION_FIELDS = (
    "revision",
    "object_id",
    "content_type",
    "db",
    "format",
    "serialized_data",
    "object_repr",
)


@cache
def _plan(model):
    """What Django's python serializer would write for ``model``, worked out once."""
    options = _get_options(model)
    fields = []
    for field in model._meta.local_fields:
        if not field.serialize or field.name not in options.fields:
            continue
        fields.append((field.name, field.attname, field.remote_field is not None, field))
    return str(model._meta), model._meta.pk, tuple(fields), options


class _LastMoment:
    """The encoder's text for a timestamp, worked out once for a run of the same object (every
    designation of an import chunk carries the same ``created_at`` and ``updated_at``)."""

    last: tuple = (None, "")

    def __call__(self, value: datetime.datetime) -> str:
        last = self.last
        if last[0] is not value:
            last = self.last = (value, _encoder.default(value))
        return last[1]


_moment = _LastMoment()


def serialized(obj) -> str:
    """``obj`` as reversion stores it: Django's json serializer output for a one-object list."""
    label, pk_field, fields, _options = _plan(type(obj))
    data = {}
    values = obj.__dict__
    for name, attname, is_relation, field in fields:
        value = values[attname] if attname in values else getattr(obj, attname)
        # What ``value_to_string`` gives for these exact types is the value itself (str(),
        # or a JSONField's list); anything else (a TextChoices member, a Decimal…) goes through it.
        kind = type(value)
        if kind is datetime.date:
            value = value.isoformat()  # the encoder's text for a date, without its call back
        elif kind is datetime.datetime:
            value = _moment(value)
        elif not is_relation and kind not in _AS_IS and not is_protected_type(value):
            value = field.value_to_string(obj)
        data[name] = value
    pk = pk_field.value_from_object(obj)
    if not is_protected_type(pk):
        pk = pk_field.value_to_string(obj)
    return "[" + _encoder.encode({"model": label, "pk": pk, "fields": data}) + "]"


class RevisionWriter:
    """Creates the revision on first use (an import that changes nothing makes none)."""

    def __init__(self, *, user, comment: str):
        self.user = user
        self.comment = comment
        self.revision: Revision | None = None
        self.versions = 0

    def add(self, objects) -> None:
        """Add a version of each object (a designation together with all of its children)."""
        if not objects:
            return
        if self.revision is None:
            self.revision = Revision.objects.create(
                date_created=timezone.now(),
                user=self.user if getattr(self.user, "pk", None) else None,
                comment=self.comment,
            )
        # Everything that may query first: the rows are made while they stream (below).
        types = {
            model: (
                ContentType.objects.get_for_model(model).pk,
                router.db_for_write(model),
                _plan(model)[3],
            )
            for model in {type(obj) for obj in objects}
        }
        revision_id = self.revision.pk

        def rows():
            for obj in objects:
                content_type_id, db, options = types[type(obj)]
                yield (
                    revision_id,
                    force_str(getattr(obj, options.object_id_field)),
                    content_type_id,
                    db,
                    options.format,
                    serialized(obj),
                    force_str(obj),
                )

        connection = connections[router.db_for_write(Version)]
        columns = [Version._meta.get_field(name).column for name in _VERSION_FIELDS]
        with connection.cursor() as cursor:
            bulk.insert_rows(cursor, Version._meta.db_table, columns, rows())
        self.versions += len(objects)
