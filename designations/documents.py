"""The public shape of a designation (individual, entity or vessel)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from designations.models import (
    Address,
    Alias,
    BirthDate,
    BirthPlace,
    Designation,
    IdentityDocument,
    PublishedDesignation,
)
from designations.search import index_words, normalise, search_columns
from editorial.documents import DocumentSerializer
from editorial.registry import Aggregate, Child, register


class DisplayField(serializers.CharField):
    """A text from a method of the record (``get_kind_display``), called directly: DRF's generic
    lookup inspects the method's signature on every call, which costs more than the whole rest
    of a designation's document in an approval of thousands."""

    def get_attribute(self, instance):
        return getattr(instance, self.source)()


class AliasSerializer(serializers.ModelSerializer):
    quality_label = DisplayField(source="get_quality_display")

    class Meta:
        model = Alias
        fields = [
            "id",
            "quality",
            "quality_label",
            "name",
            "date_of_birth",
            "city_of_birth",
            "country_of_birth",
            "note",
        ]


class AddressSerializer(serializers.ModelSerializer):
    class Meta:
        model = Address
        fields = ["id", "street", "city", "state_province", "zip_code", "country", "note"]


class BirthDateSerializer(serializers.ModelSerializer):
    as_given = serializers.CharField(help_text="As the UN gave it: “1960”, “about 1958”, …")

    class Meta:
        model = BirthDate
        fields = ["id", "kind", "as_given", "date", "year", "from_year", "to_year", "note"]


class BirthPlaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = BirthPlace
        fields = ["id", "city", "state_province", "country", "note"]


class IdentityDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = IdentityDocument
        fields = [
            "id",
            "document_type",
            "document_type2",
            "number",
            "issuing_country",
            "date_of_issue",
            "city_of_issue",
            "note",
        ]


class OwnerSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()


class VesselSerializer(serializers.Serializer):
    imo_number = serializers.CharField()
    mmsi = serializers.CharField()
    flag = serializers.CharField()
    call_sign = serializers.CharField()
    vessel_type = serializers.CharField()
    owner = OwnerSerializer(allow_null=True)
    owner_name = serializers.CharField()
    applicable_measures = serializers.CharField()


class ListingEventSerializer(serializers.Serializer):
    date = serializers.DateField()
    event = serializers.ChoiceField(choices=["listed", "amended", "delisted"])


def _by_pk(related):
    return sorted(related.all(), key=lambda obj: obj.pk)


class PublicDesignationSerializer(DocumentSerializer):
    key = serializers.CharField(
        source="public_key", help_text="Reference number; IMO number for vessels."
    )
    regime = serializers.SlugRelatedField(slug_field="code", read_only=True)
    kind_label = DisplayField(source="get_kind_display")
    in_force = serializers.BooleanField()
    aliases = serializers.SerializerMethodField()
    addresses = serializers.SerializerMethodField()
    birth_dates = serializers.SerializerMethodField()
    birth_places = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    vessel = serializers.SerializerMethodField()
    listing_history = serializers.SerializerMethodField()

    class Meta:
        model = Designation
        fields = [
            "key",
            "kind",
            "kind_label",
            "regime",
            "reference_number",
            "dataid",
            "name",
            "first_name",
            "second_name",
            "third_name",
            "fourth_name",
            "name_original_script",
            "gender",
            "titles",
            "positions",
            "nationalities",
            "listed_on",
            "amended_on",
            "delisted_on",
            "in_force",
            "listing_history",
            "narrative",
            "aliases",
            "addresses",
            "birth_dates",
            "birth_places",
            "documents",
            "vessel",
        ]

    @extend_schema_field(AliasSerializer(many=True))
    def get_aliases(self, designation):
        order = {"good": 0, "aka": 1, "fka": 2, "low": 3}
        rows = sorted(designation.aliases.all(), key=lambda a: (order.get(a.quality, 9), a.pk))
        return self.nested(AliasSerializer, rows)

    @extend_schema_field(AddressSerializer(many=True))
    def get_addresses(self, designation):
        return self.nested(AddressSerializer, _by_pk(designation.addresses))

    @extend_schema_field(BirthDateSerializer(many=True))
    def get_birth_dates(self, designation):
        return self.nested(BirthDateSerializer, _by_pk(designation.birth_dates))

    @extend_schema_field(BirthPlaceSerializer(many=True))
    def get_birth_places(self, designation):
        return self.nested(BirthPlaceSerializer, _by_pk(designation.birth_places))

    @extend_schema_field(IdentityDocumentSerializer(many=True))
    def get_documents(self, designation):
        return self.nested(IdentityDocumentSerializer, _by_pk(designation.documents))

    @extend_schema_field(VesselSerializer(allow_null=True))
    def get_vessel(self, designation):
        if designation.kind != Designation.Kind.VESSEL:
            return None
        # The owner as the public knows it is filled in by ``compose_vessels`` from the owner's
        # published state, never from the working copy.
        return {
            "imo_number": designation.imo_number,
            "mmsi": designation.mmsi,
            "flag": designation.flag,
            "call_sign": designation.call_sign,
            "vessel_type": designation.vessel_type,
            "owner": None,
            "owner_name": designation.owner_name,
            "applicable_measures": designation.applicable_measures,
        }

    @extend_schema_field(ListingEventSerializer(many=True))
    def get_listing_history(self, designation):
        events = [{"date": designation.listed_on, "event": "listed"}]
        events += [
            {"date": day, "event": "amended"} for day in sorted(designation.amended_on or [])
        ]
        if designation.delisted_on:
            events.append({"date": designation.delisted_on, "event": "delisted"})
        return [
            {"date": str(event["date"]), "event": event["event"]}
            for event in events
            if event["date"]
        ]


def designation_columns(document: dict, root: Designation) -> dict:
    return {
        "key": document["key"],
        "reference_number": document["reference_number"],
        "imo_number": (document["vessel"] or {}).get("imo_number"),
        "kind": document["kind"],
        "regime_code": document["regime"],
        "name": document["name"],
        "sort_name": normalise(document["name"]),
        **search_columns(document),
        "nationalities": "|" + "|".join(document["nationalities"]) + "|"
        if document["nationalities"]
        else "",
        "listed_on": document["listed_on"],
        "delisted_on": document["delisted_on"],
        "owner_object_id": getattr(root, "owner_id", None) if document["vessel"] else None,
    }


def compose_vessels(items) -> None:
    """A vessel's owner from the owner's published state: not public, no owner shown."""
    owner_ids = {columns.get("owner_object_id") for _, _, columns in items} - {None}
    owners = {
        object_id: {"key": key, "name": name}
        for object_id, key, name in PublishedDesignation.objects.public()
        .filter(object_id__in=owner_ids)
        .values_list("object_id", "key", "name")
    }
    for _, document, columns in items:
        if document.get("vessel") is not None:
            document["vessel"]["owner"] = owners.get(columns.get("owner_object_id"))


def vessels_showing(rows) -> dict:
    """The vessels whose page shows one of these designations as its owner."""
    ids = {row.object_id for row in rows}
    vessels = PublishedDesignation.objects.filter(owner_object_id__among=ids).values_list(
        "object_id", flat=True
    )
    return {Designation: set(vessels)} if ids else {}


DESIGNATION = register(
    Aggregate(
        model=Designation,
        projection=PublishedDesignation,
        serializer=PublicDesignationSerializer,
        columns=designation_columns,
        compose=compose_vessels,
        composes=("vessel",),
        shown_on=vessels_showing,
        written=index_words,
        key=lambda document: document["key"],
        public_url=lambda document: f"/designations/{document['key']}/",
        children=(
            Child("aliases", Alias, "designation"),
            Child("addresses", Address, "designation"),
            Child("birth_dates", BirthDate, "designation"),
            Child("birth_places", BirthPlace, "designation"),
            Child("documents", IdentityDocument, "designation"),
        ),
    )
)
