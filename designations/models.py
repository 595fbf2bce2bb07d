"""Designated individuals, entities and vessels, as listed by the UN Security Council."""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from editorial.links import KEY, link
from editorial.models import PublishedBase, PublishedQuerySet
from editorial.sql import Unindexed
from episodes.models import PublishedRegime, Regime


class Designation(models.Model):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        ENTITY = "entity", "Entity"
        VESSEL = "vessel", "Vessel"

    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by hand"
        UN_LIST = "un_list", "UN consolidated list"
        VESSEL_LIST = "vessel_list", "1718 Committee vessel list"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    regime = models.ForeignKey(Regime, on_delete=models.PROTECT, related_name="designations")
    reference_number = models.CharField(
        "UN reference number",
        max_length=32,
        null=True,
        blank=True,
        unique=True,
        help_text="e.g. KPi.033 (individual) or KPe.020 (entity). Required for individuals and "
        "entities; vessels are identified by IMO number.",
    )
    dataid = models.PositiveBigIntegerField(
        "UN DATAID",
        null=True,
        blank=True,
        unique=True,
        help_text="The UN's stable identifier of the entry in the consolidated list.",
    )
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.MANUAL)

    name = models.CharField(
        "full name",
        max_length=400,
        help_text="The name as it should be displayed and cited; for individuals the name parts "
        "in order, for entities and vessels their name.",
    )
    first_name = models.CharField(max_length=200, blank=True)
    second_name = models.CharField(max_length=200, blank=True)
    third_name = models.CharField(max_length=200, blank=True)
    fourth_name = models.CharField(max_length=200, blank=True)
    name_original_script = models.CharField(max_length=400, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    titles = models.JSONField(default=list, blank=True, help_text="One title per line.")
    positions = models.JSONField(
        default=list, blank=True, help_text="Functions held (the UN's “designation”), one per line."
    )
    nationalities = models.JSONField(
        default=list, blank=True, help_text="One nationality per line."
    )

    listed_on = models.DateField(help_text="Date the Security Council or committee listed it.")
    amended_on = models.JSONField(
        "amendment dates",
        default=list,
        blank=True,
        help_text="Dates the entry was amended, one ISO date (YYYY-MM-DD) per line.",
    )
    delisted_on = models.DateField(
        null=True, blank=True, help_text="Leave empty while the designation is in force."
    )
    narrative = models.TextField(
        "narrative summary",
        blank=True,
        help_text="The UN's reasons for listing and other information.",
    )
    un_list_type = models.CharField(
        "UN list type",
        max_length=40,
        blank=True,
        help_text="As given in the UN list (informational).",
    )

    # Vessels (from the 1718 Committee's vessel list)
    imo_number = models.CharField(
        "IMO number",
        max_length=7,
        null=True,
        blank=True,
        unique=True,
        help_text="Seven digits. Required for vessels.",
    )
    mmsi = models.CharField("MMSI", max_length=9, blank=True)
    flag = models.CharField(max_length=100, blank=True)
    call_sign = models.CharField(max_length=20, blank=True)
    vessel_type = models.CharField(max_length=100, blank=True)
    owner = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_vessels",
        limit_choices_to={"kind": "entity"},
        help_text="The designated entity that owns or operates the vessel, if any.",
    )
    owner_name = models.CharField(
        max_length=400, blank=True, help_text="The owner as named in the vessel list."
    )
    applicable_measures = models.TextField(
        blank=True, help_text="Measures that apply to the vessel."
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["regime__code", "reference_number", "name"]
        constraints = [
            models.CheckConstraint(
                name="designation_delisted_not_before_listed",
                condition=Q(delisted_on__isnull=True) | Q(delisted_on__gte=F("listed_on")),
                violation_error_message="A designation cannot be delisted before it was listed.",
            ),
            models.CheckConstraint(
                name="designation_identifier_for_kind",
                condition=(Q(kind="vessel") & Q(imo_number__isnull=False))
                | (Q(kind__in=["individual", "entity"]) & Q(reference_number__isnull=False)),
                violation_error_message="Individuals and entities need a UN reference number; "
                "vessels need an IMO number.",
            ),
            models.CheckConstraint(
                name="designation_imo_seven_digits",
                condition=Q(imo_number__isnull=True) | Q(imo_number__regex=r"^[0-9]{7}$"),
                violation_error_message="An IMO number has exactly seven digits.",
            ),
        ]
        indexes = [models.Index(fields=["kind", "regime"])]

    def __str__(self):
        return f"{self.public_key} {self.name}"

    def save(self, *args, **kwargs):
        # Blank identifiers are stored as NULL so that several records may lack one.
        for field in ("reference_number", "imo_number"):
            value = getattr(self, field)
            if value is not None:
                value = value.strip()
            setattr(self, field, value or None)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("designations:detail", args=[self.public_key])

    def clean(self):
        errors = {}
        if self.kind == self.Kind.VESSEL and not (self.imo_number or "").strip():
            errors["imo_number"] = "A vessel needs its seven-digit IMO number."
        if (
            self.kind in (self.Kind.INDIVIDUAL, self.Kind.ENTITY)
            and not (self.reference_number or "").strip()
        ):
            errors["reference_number"] = "Individuals and entities need their UN reference number."
        if self.imo_number and not (
            self.imo_number.strip().isdigit() and len(self.imo_number.strip()) == 7
        ):
            errors["imo_number"] = "An IMO number has exactly seven digits, e.g. 9112222."
        if self.listed_on and self.delisted_on and self.delisted_on < self.listed_on:
            errors["delisted_on"] = "A designation cannot be delisted before it was listed."
        if errors:
            raise ValidationError(errors)

    @property
    def public_key(self):
        """The identifier in public links: the UN reference number, or the IMO number for vessels."""
        return self.reference_number or self.imo_number or ""

    @property
    def in_force(self):
        return self.delisted_on is None


class Alias(models.Model):
    class Quality(models.TextChoices):
        GOOD = "good", "Good quality"
        LOW = "low", "Low quality"
        AKA = "aka", "Also known as (a.k.a.)"
        FKA = "fka", "Formerly known as (f.k.a.)"

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="aliases")
    quality = models.CharField(max_length=4, choices=Quality.choices)
    name = models.CharField(max_length=400)
    date_of_birth = models.CharField(max_length=60, blank=True)
    city_of_birth = models.CharField(max_length=200, blank=True)
    country_of_birth = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "aliases"

    def __str__(self):
        return self.name


class Address(models.Model):
    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="addresses")
    street = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=200, blank=True)
    state_province = models.CharField("state or province", max_length=200, blank=True)
    zip_code = models.CharField("postal code", max_length=40, blank=True)
    country = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "addresses"

    def __str__(self):
        return (
            ", ".join(
                part for part in (self.street, self.city, self.state_province, self.country) if part
            )
            or "(no address details)"
        )


class BirthDate(models.Model):
    """A date of birth as the UN gave it: exact, a year, about a year, or a range of years."""

    class Kind(models.TextChoices):
        EXACT = "exact", "Exact date"
        YEAR = "year", "Year"
        APPROXIMATE = "approximate", "About (approximately) a year"
        BETWEEN = "between", "Between two years"

    designation = models.ForeignKey(
        Designation, on_delete=models.CASCADE, related_name="birth_dates"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    date = models.DateField(null=True, blank=True, help_text="For an exact date.")
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a year or an approximate year."
    )
    from_year = models.PositiveSmallIntegerField(null=True, blank=True)
    to_year = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "date of birth"
        verbose_name_plural = "dates of birth"
        constraints = [
            models.CheckConstraint(
                name="birth_date_fields_match_kind",
                condition=(Q(kind="exact") & Q(date__isnull=False))
                | (Q(kind__in=["year", "approximate"]) & Q(year__isnull=False))
                | (
                    Q(kind="between")
                    & Q(from_year__isnull=False)
                    & Q(to_year__isnull=False)
                    & Q(to_year__gte=F("from_year"))
                ),
                violation_error_message="Give the date for an exact date, the year for a year or "
                "an approximate year, and both years (first not after second) for a range.",
            ),
        ]

    def __str__(self):
        return self.as_given

    @property
    def as_given(self):
        if self.kind == self.Kind.EXACT and self.date:
            return self.date.isoformat()
        if self.kind == self.Kind.YEAR:
            return f"{self.year}"
        if self.kind == self.Kind.APPROXIMATE:
            return f"about {self.year}"
        if self.kind == self.Kind.BETWEEN:
            return f"between {self.from_year} and {self.to_year}"
        return ""


class BirthPlace(models.Model):
    designation = models.ForeignKey(
        Designation, on_delete=models.CASCADE, related_name="birth_places"
    )
    city = models.CharField(max_length=200, blank=True)
    state_province = models.CharField("state or province", max_length=200, blank=True)
    country = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "place of birth"
        verbose_name_plural = "places of birth"

    def __str__(self):
        return (
            ", ".join(p for p in (self.city, self.state_province, self.country) if p) or "(unknown)"
        )


class IdentityDocument(models.Model):
    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="documents")
    document_type = models.CharField(
        max_length=200, blank=True, help_text="As given, e.g. “Passport” or “Pasaporte”."
    )
    document_type2 = models.CharField("further type", max_length=200, blank=True)
    number = models.CharField(max_length=200, blank=True)
    issuing_country = models.CharField(max_length=200, blank=True)
    date_of_issue = models.DateField(null=True, blank=True)
    city_of_issue = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "identity document"

    def __str__(self):
        return " ".join(p for p in (self.document_type, self.number) if p) or "(document)"


class PublishedDesignationQuerySet(PublishedQuerySet):
    def count(self):
        """A search's count is known once its ids are read (``search._exactly`` sets
        ``query.known_count``: the count and how many conditions the query then had), so a page
        does not count them again (an index look-up per id, 3 ms for 2,688 on PostgreSQL). A
        later filter, slice, ``distinct``, grouping or union counts anew."""
        query = self.query
        known = getattr(query, "known_count", None)
        if (
            known is not None
            and self._result_cache is None
            and not query.is_sliced
            and not query.distinct
            and query.group_by is None
            and not query.combinator
            and len(query.where.children) == known[1]
        ):
            return known[0]
        return super().count()

    def public(self):
        """Designations whose regime is public too.

        A correlated ``EXISTS`` rather than ``regime_code IN (…)``: with ``IN`` SQLite reads
        every designation of every public regime through the regime index and sorts them all
        for one page (110 ms at 20,000); with ``EXISTS`` it walks the ordering's index and stops
        after the page (3 ms). PostgreSQL plans both as a semi-join."""
        regimes = PublishedRegime.objects.public().filter(code=models.OuterRef("regime_code"))
        return self.filter(models.Exists(regimes))

    def in_force(self, value: bool = True):
        """Not delisted (``value`` False: delisted).

        "In force" is most of a list, yet SQLite's statistics make ``delisted_on IS NULL`` look
        selective (they count rows per delisting day, a few each): it then read every
        designation in force through that index and sorted them for one page (91 ms at
        100,000) instead of walking the ordering's index. So the column is not looked up
        through its index for ``True`` (``editorial.sql.Unindexed``); the delisted are few, and
        their index serves ``False``.
        """
        if not value:
            return self.filter(delisted_on__isnull=False)
        return self.filter(
            models.lookups.IsNull(Unindexed("delisted_on", output_field=models.DateField()), True)
        )

    def for_list(self):
        return self.public().order_by("regime_code", "kind", "sort_name", "id")

    def for_list_rows(self):
        """``for_list`` without the columns a list row does not show (the document, the
        normalised texts): a search orders all its matches before it takes a page, and narrow
        rows sort in memory (with the document, "kim" at 100,000 designations sorted 12,800
        rows through temporary files on PostgreSQL)."""
        return self.for_list().defer("document", "search_text", "search_names", "search_aliases")

    def with_regime_name(self):
        """Annotate ``regime_name`` from the published regime, in the same query."""
        names = PublishedRegime.objects.filter(code=models.OuterRef("regime_code")).values("name")
        return self.annotate(regime_name=models.Subquery(names[:1]))


class PublishedDesignation(PublishedBase):
    KEY_FIELD = "key"

    key = models.CharField(
        max_length=40, unique=True, help_text="Reference number, or IMO number for vessels."
    )
    reference_number = models.CharField(max_length=32, null=True, blank=True, unique=True)
    imo_number = models.CharField(max_length=7, null=True, blank=True, unique=True)
    # Indexed in Meta (no index of regime_code alone: the composite indexes lead with it), so
    # that PostgreSQL gets no "…_like" index for prefix matching, which nothing here does: every
    # index costs an approval of 100,000 records time on each row it writes.
    kind = models.CharField(max_length=10)
    regime_code = models.CharField(max_length=4)
    name = models.CharField(max_length=400)
    sort_name = models.CharField(max_length=400)
    # Search (designations.search): normalised names and aliases, one per line between newlines;
    # identifiers between bars; what each searched text is, as written, to say what matched.
    search_text = models.TextField(blank=True)
    search_names = models.TextField(blank=True)
    search_aliases = models.TextField(blank=True)
    search_ids = models.TextField(blank=True)
    search_terms = models.JSONField(default=list, blank=True)
    nationalities = models.TextField(blank=True)
    # ISO codes of the nationalities, "|kp|", so that "DPRK" and "North Korea" find them.
    nationality_codes = models.TextField(blank=True)
    listed_on = models.DateField(db_index=True)
    delisted_on = models.DateField(null=True, blank=True, db_index=True)
    # A vessel's owner (the working record's id): its page shows the owner's published state.
    owner_object_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    objects = PublishedDesignationQuerySet.as_manager()

    class Meta(PublishedBase.Meta):
        ordering = ["regime_code", "kind", "sort_name", "id"]
        indexes = [
            models.Index(fields=["kind"], name="designations_pub_kind"),
            models.Index(fields=["sort_name"], name="designations_pub_sort_name"),
            models.Index(fields=["regime_code", "kind", "listed_on"]),
            # The orderings the public reads a page in, so that a page is read in order and the
            # reading stops after it, within a regime too (tests/designations/test_list_plans.py):
            # the site's list, and the API's by name and by listing date (its tiebreak is key).
            models.Index(
                fields=["regime_code", "kind", "sort_name", "id"], name="designations_pub_list"
            ),
            models.Index(
                fields=["regime_code", "sort_name", "key"], name="designations_pub_regime_name"
            ),
            models.Index(
                fields=["regime_code", "listed_on", "key"], name="designations_pub_regime_date"
            ),
            # The API's default order (key) within a regime's kind ("KP vessels in force").
            models.Index(fields=["regime_code", "kind", "key"], name="designations_pub_kind_key"),
        ]

    def __str__(self):
        return f"{self.key} {self.name}"

    @property
    def in_force(self):
        return self.delisted_on is None

    def get_absolute_url(self):
        return link("designations:detail", self.key, KEY)


class SearchTrigram(models.Model):
    """A trigram of a word of the published names: the misspelling index of searches.

    Filled at approval (``designations.search.index_words``); never emptied, since a word that
    no longer names anyone only makes a search try one alternative that finds nothing.
    """

    trigram = models.CharField(max_length=3)
    word = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trigram", "word"], name="search_trigram_unique")
        ]

    def __str__(self):
        return f"{self.trigram!r} of {self.word}"


# Versioning: a designation and its children form one revision (see episodes.models).
DESIGNATION_CHILDREN = ("aliases", "addresses", "birth_dates", "birth_places", "documents")
reversion.register(Designation, follow=DESIGNATION_CHILDREN)
for _child in (Alias, Address, BirthDate, BirthPlace, IdentityDocument):
    reversion.register(_child, follow=("designation",))


# --- Imports of the UN consolidated list and the 1718 vessel list (designations.importing) ---------


class ImportRun(models.Model):
    """One import of a published list into the working copy: what was read, and what changed.

    Written by ``designations.importing`` at the end of a successful (not dry) run, in the same
    transaction as the changes themselves; the admin lists these rows read-only.
    """

    class Source(models.TextChoices):
        UN_LIST = "un_list", "UN consolidated list"
        VESSEL_LIST = "vessel_list", "1718 Committee vessel list"

    source = models.CharField(max_length=12, choices=Source.choices, db_index=True)
    location = models.CharField(
        "read from", max_length=1000, help_text="The file path or https:// address given."
    )
    list_date = models.DateField(
        help_text="The date of the list (for the UN list, the day it was generated). "
        "Entries missing from the list are marked delisted on this date."
    )
    generated_at = models.DateTimeField(
        "list generated at",
        null=True,
        blank=True,
        help_text="The UN list's own dateGenerated timestamp.",
    )
    sha256 = models.CharField("SHA-256 of the file", max_length=64, db_index=True)
    size_bytes = models.PositiveBigIntegerField("file size (bytes)")
    archive_path = models.CharField(
        "archived copy",
        max_length=500,
        help_text="Where the raw file was archived, relative to the import archive directory.",
    )
    entries = models.PositiveIntegerField("entries read")
    added = models.PositiveIntegerField(default=0)
    amended = models.PositiveIntegerField(default=0)
    delisted = models.PositiveIntegerField(default=0)
    relisted = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    entry_digests = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="For the latest import of each list only: {DATAID: [hash of the entry as "
        "given, the designation's updated_at in microseconds]}, so that the next import can "
        "tell an entry unchanged in both the list and the working copy without comparing it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="run by",
    )
    created_at = models.DateTimeField("run at", db_index=True)
    seconds = models.FloatField("duration (seconds)", default=0)
    revision = models.ForeignKey(
        "reversion.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The one revision holding every change of this import (none if nothing changed).",
    )
    change_request = models.ForeignKey(
        "editorial.ChangeRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The change request filed with --submit, if any.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        default_permissions = ("view",)
        verbose_name = "import of a list"
        verbose_name_plural = "imports of lists"

    def __str__(self):
        return f"{self.get_source_display()} of {self.list_date:%d %B %Y}"

    @property
    def changed(self) -> int:
        return self.added + self.amended + self.delisted + self.relisted

    @property
    def summary(self) -> str:
        """What happened, in plain words (the admin list and the command say the same)."""
        if not self.changed:
            return f"No changes: all {self.entries:,} entries already matched the working copy."
        parts = [
            f"{self.added:,} added",
            f"{self.amended:,} amended",
            f"{self.delisted:,} delisted",
            f"{self.relisted:,} relisted",
            f"{self.unchanged:,} unchanged",
        ]
        return f"Read {self.entries:,} entries: " + ", ".join(parts) + "."
