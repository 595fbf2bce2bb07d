"""The base of the serializers that build public documents (see each app's documents.py)."""

from rest_framework import serializers


class DocumentSerializer(serializers.ModelSerializer):
    """A ModelSerializer that renders nested rows with one reusable child serializer each.

    Documents are built in batches of up to thousands; building a child serializer's fields
    anew for every row would dominate the cost of an approval.
    """

    def nested(self, serializer_class, rows) -> list:
        cache = self.__dict__.setdefault("_nested_serializers", {})
        child = cache.get(serializer_class)
        if child is None:
            child = cache[serializer_class] = serializer_class(context=self.context)
        return [child.to_representation(row) for row in rows]
