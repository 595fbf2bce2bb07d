"""Regimes, episodes and everything coded about an episode, plus their published projections.

The working models are what researchers edit in the admin; nothing here is read by the public
site or API except the ``Published…`` projections at the bottom, which only approval writes.
"""

import reversion
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse

from editorial.links import link
from editorial.models import PublishedBase, PublishedLookupBase, PublishedQuerySet


class Level(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class Effectiveness(models.TextChoices):
    HIGH = "high", "High"
    MIXED = "mixed", "Mixed"
    LOW = "low", "Low"


class Purpose(models.TextChoices):
    """The three purposes of UN targeted sanctions (Targeted Sanctions Consortium typology)."""

    COERCE = "coerce", "Coerce"
    CONSTRAIN = "constrain", "Constrain"
    SIGNAL = "signal", "Signal"


# A regime's code: its UN reference-number prefix (letters) or its establishing resolution's number
# (digits); see Regime. Public URLs and filters accept it in any case and upper-case it.
REGIME_CODE_PATTERN = r"^([A-Z]{2,4}|[0-9]{1,4})$"
# The same in any case, as public URLs and filters accept it (they upper-case it).
REGIME_CODE_ANY_CASE_PATTERN = r"^([A-Za-z]{2,4}|[0-9]{1,4})$"
# ISO 3166-1 alpha-3 codes, comma-separated ("SRB,MNE"): the key the world map joins on.
COUNTRY_CODES_PATTERN = r"^[A-Z]{3}(,[A-Z]{3})*$"


def regime_in_force_on(established_on, terminated_on, day) -> bool:
    """THE rule of a regime in force: from the day it was established to the day it ended, both
    included (the working model and the public map both ask here)."""
    return bool(established_on and established_on <= day) and (
        terminated_on is None or day <= terminated_on
    )


class Regime(models.Model):
    """A UN Security Council sanctions regime, past or present.

    ``code`` is the regime's key in public links. Where the UN consolidated list gives the
    regime's designations a reference-number prefix (``KP`` for ``KPi.033``), the code is that
    prefix: the importer finds a designation's regime by it. A regime the list has no prefix for
    (every regime that ended before the list began, and Lebanon) takes the number of the
    resolution that established it (``232`` for Southern Rhodesia, after S/RES/232 (1966)), the
    way the Council names its committees. UN prefixes are letters and these codes are digits, so
    the two can never collide, and no two regimes were established by the same resolution.
    """

    code = models.CharField(
        "code",
        max_length=4,
        unique=True,
        validators=[
            RegexValidator(
                REGIME_CODE_PATTERN,
                "Use the UN reference-number prefix (letters, e.g. KP) or, for a regime without "
                "one, the number of its establishing resolution (digits, e.g. 232).",
            )
        ],
        help_text="The prefix of the regime's UN reference numbers, e.g. KP for KPi.033; for a "
        "regime the UN list has no prefix for, the number of its establishing resolution, e.g. "
        "232 for S/RES/232 (1966). It identifies the regime in public links and cannot be "
        "changed once published.",
    )
    short_name = models.CharField(
        max_length=40, help_text="Name used in episode titles, e.g. “DPRK”."
    )
    name = models.CharField(
        max_length=200, help_text="Full name, e.g. “Democratic People's Republic of Korea”."
    )
    committee = models.CharField(
        "sanctions committee",
        max_length=200,
        blank=True,
        help_text="The Security Council committee that oversees the regime, e.g. “1718 Committee”.",
    )
    established_by = models.CharField(
        max_length=100,
        blank=True,
        help_text="The resolution that established the regime, e.g. “S/RES/1718 (2006)”.",
    )
    established_on = models.DateField(
        null=True, blank=True, help_text="The day the establishing resolution was adopted."
    )
    terminated_on = models.DateField(
        null=True,
        blank=True,
        help_text="Leave empty while the regime is in force. The day the terminating resolution "
        "was adopted, or the last day of measures that lapsed without one.",
    )
    terminated_by = models.CharField(
        max_length=100,
        blank=True,
        help_text="The resolution that ended the regime, e.g. “S/RES/460 (1979)”; empty while it "
        "is in force or where the measures lapsed without one.",
    )
    target = models.CharField(
        max_length=300,
        blank=True,
        help_text="Whom the measures target, in words, e.g. “UNITA in Angola” or “ISIL (Da'esh), "
        "Al-Qaida and associated individuals, groups, undertakings and entities”.",
    )
    target_countries = models.CharField(
        "target countries",
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(
                COUNTRY_CODES_PATTERN,
                "ISO 3166-1 alpha-3 codes in capitals, separated by commas, e.g. “SRB,MNE”.",
            )
        ],
        help_text="ISO 3166-1 alpha-3 codes of the countries the regime concerns, comma-separated "
        "(“PRK”; “ERI,ETH”), in today's borders: the world map colours them. Empty for a "
        "thematic regime.",
    )
    is_thematic = models.BooleanField(
        "thematic regime",
        default=False,
        help_text="The regime targets groups or activities wherever they are, not a country "
        "(e.g. ISIL (Da'esh) and Al-Qaida).",
    )
    sources = models.TextField(
        blank=True,
        help_text="The resolutions the facts above come from, e.g. “S/RES/232 (1966); "
        "S/RES/460 (1979)”.",
    )
    description = models.TextField(
        blank=True, help_text="A short public introduction to the regime. Markdown allowed."
    )
    un_list_types = models.CharField(
        "UN list types",
        max_length=200,
        blank=True,
        help_text="Comma-separated UN_LIST_TYPE values the consolidated list uses for this regime "
        "(informational: the importer derives the regime from the reference-number prefix).",
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                name="regime_terminated_after_established",
                condition=Q(terminated_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(terminated_on__gte=F("established_on")),
                violation_error_message="The regime cannot end before it was established.",
            ),
        ]

    def __str__(self):
        return f"{self.short_name} ({self.code})"

    @property
    def un_prefix(self) -> str:
        """The UN reference-number prefix, or "" for a regime the UN list has none for."""
        return self.code if self.code.isalpha() else ""

    @property
    def target_country_codes(self) -> list[str]:
        return [code for code in self.target_countries.split(",") if code]

    def in_force_on(self, day) -> bool:
        return regime_in_force_on(self.established_on, self.terminated_on, day)


class Episode(models.Model):
    regime = models.ForeignKey(Regime, on_delete=models.PROTECT, related_name="episodes")
    number = models.PositiveSmallIntegerField(
        help_text="Order of the episode within its regime: 8 for “DPRK - EP 8”."
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The episode's permanent public address, e.g. “dprk-ep-8”. Researchers cite it: "
        "do not change it once published.",
    )
    title = models.CharField(max_length=200, help_text="e.g. “DPRK - EP 8”.")
    summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="One sentence that tells this episode apart from the regime's others "
        "(shown in lists and comparisons).",
    )
    start_date = models.DateField(
        help_text="First day of the episode: usually the adoption of the triggering resolution."
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="Last day of the episode. Leave empty while it is ongoing."
    )
    narrative = models.TextField(
        blank=True,
        help_text="What happened during the episode, in several paragraphs. Markdown allowed.",
    )

    # Designee counts as coded by the researcher; the counts computed from the designations in
    # force during the episode are shown beside them.
    current_individuals = models.PositiveIntegerField(
        "individuals (current)",
        null=True,
        blank=True,
        help_text="Individuals designated at the end of the episode (or today, if ongoing).",
    )
    max_individuals = models.PositiveIntegerField(
        "individuals (maximum)",
        null=True,
        blank=True,
        help_text="Largest number of individuals designated at any time during the episode.",
    )
    current_entities = models.PositiveIntegerField("entities (current)", null=True, blank=True)
    max_entities = models.PositiveIntegerField("entities (maximum)", null=True, blank=True)
    current_vessels = models.PositiveIntegerField("vessels (current)", null=True, blank=True)
    max_vessels = models.PositiveIntegerField("vessels (maximum)", null=True, blank=True)
    designees_note = models.TextField(
        "note on designees",
        blank=True,
        help_text="Anything a reader needs to interpret the counts. Markdown allowed.",
    )

    population_impact = models.CharField(
        "likely impact on the general population",
        max_length=10,
        choices=Level.choices,
        blank=True,
    )
    population_impact_text = models.TextField(
        "population impact explanation",
        blank=True,
        help_text="Why the sanctions are likely to have this impact. Markdown allowed.",
    )

    # Institutions
    has_sanctions_committee = models.BooleanField("sanctions committee in place", default=False)
    has_panel_of_experts = models.BooleanField(
        "panel of experts or monitoring team in place", default=False
    )
    designation_criteria_specified = models.BooleanField(default=False)
    targets_designated = models.BooleanField(
        default=False, help_text="Targets were designated under those criteria."
    )
    enforcement_authorities_specified = models.BooleanField(default=False)
    institutions_text = models.TextField(
        "institutions",
        blank=True,
        help_text="Committee, panel, designation criteria and enforcement authorities in words. "
        "Markdown allowed.",
    )

    humanitarian_carve_out = models.BooleanField(
        "humanitarian carve-out applies",
        default=False,
        help_text="A standing exemption for humanitarian actors, e.g. under UNSCR 2664 (2022).",
    )
    humanitarian_carve_out_text = models.TextField(
        "humanitarian carve-out",
        blank=True,
        help_text="What the carve-out covers and where it is specified. Markdown allowed.",
    )

    overall_effectiveness = models.CharField(
        max_length=10,
        choices=Effectiveness.choices,
        blank=True,
        help_text="The researcher's overall judgement across the episode's purposes.",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["regime__code", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "number"],
                name="episode_number_unique_per_regime",
                violation_error_message="This regime already has an episode with that number.",
            ),
            models.CheckConstraint(
                name="episode_end_not_before_start",
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                violation_error_message="The episode cannot end before it starts.",
            ),
            *[
                models.CheckConstraint(
                    name=f"episode_current_{kind}_within_max",
                    condition=Q(**{f"current_{kind}__isnull": True})
                    | Q(**{f"max_{kind}__isnull": True})
                    | Q(**{f"current_{kind}__lte": F(f"max_{kind}")}),
                    violation_error_message=f"The current number of {kind} cannot exceed the maximum.",
                )
                for kind in ("individuals", "entities", "vessels")
            ],
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("episodes:detail", args=[self.slug])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The episode cannot end before it starts."})
        for kind in ("individuals", "entities", "vessels"):
            current, maximum = getattr(self, f"current_{kind}"), getattr(self, f"max_{kind}")
            if current is not None and maximum is not None and current > maximum:
                raise ValidationError(
                    {f"current_{kind}": f"The current number of {kind} cannot exceed the maximum."}
                )

    @property
    def is_ongoing(self):
        return self.end_date is None


class Resolution(models.Model):
    class Role(models.TextChoices):
        OPENS = "opens", "Opens the episode"
        MODIFIES = "modifies", "Modifies the episode"
        RENEWS = "renews", "Renews measures or mandates"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="resolutions")
    number = models.PositiveIntegerField(help_text="2397 for S/RES/2397 (2017).")
    year = models.PositiveSmallIntegerField(help_text="2017 for S/RES/2397 (2017).")
    adopted_on = models.DateField(null=True, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.OPENS)
    vote = models.CharField(max_length=40, blank=True, help_text="e.g. “15-0-0” or “unanimous”.")
    description = models.TextField(
        blank=True, help_text="What the resolution did for this episode."
    )
    url = models.URLField("link", max_length=500, blank=True)

    class Meta:
        ordering = ["adopted_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "number"],
                name="resolution_once_per_episode",
                violation_error_message="This resolution is already linked to the episode.",
            ),
            models.CheckConstraint(
                name="resolution_year_plausible",
                condition=Q(year__gte=1946) & Q(year__lte=2100),
                violation_error_message="The year must be between 1946 and 2100.",
            ),
        ]

    def __str__(self):
        return self.symbol

    @property
    def symbol(self):
        return f"S/RES/{self.number} ({self.year})"


class EpisodePurpose(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="purposes")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    objective = models.TextField(
        help_text="What the Security Council sought to achieve under this purpose."
    )
    is_primary = models.BooleanField(
        "primary purpose", default=False, help_text="Exactly one purpose per episode is primary."
    )

    class Meta:
        ordering = ["episode", "purpose"]
        verbose_name = "purpose and objective"
        verbose_name_plural = "purposes and objectives"
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "purpose"],
                name="purpose_once_per_episode",
                violation_error_message="Each purpose can be coded once per episode.",
            ),
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(is_primary=True),
                name="one_primary_purpose_per_episode",
                violation_error_message="An episode has exactly one primary purpose.",
            ),
        ]

    def __str__(self):
        return self.get_purpose_display()


class MeasureCategory(models.TextChoices):
    TRAVEL = "travel", "Travel"
    ASSET_FREEZE = "asset_freeze", "Asset freeze"
    DIPLOMATIC = "diplomatic", "Diplomatic"
    ARMS = "arms", "Arms"
    PROSCRIBED_ACTIVITIES = "proscribed_activities", "Proscribed activities"
    COMMODITY = "commodity", "Commodity"
    TRANSPORTATION = "transportation", "Transportation"
    FINANCIAL_SECTOR = "financial_sector", "Financial sector"


class MeasureSubtype(models.Model):
    """Configurable list of measure subtypes (refined petroleum products, coal, luxury goods…)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120, unique=True)
    category = models.CharField(
        max_length=30,
        choices=MeasureCategory.choices,
        blank=True,
        help_text="The category this subtype usually belongs to (a hint; not enforced).",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class SanctionMeasure(models.Model):
    class Application(models.TextChoices):
        MANDATORY = "mandatory", "Mandatory"
        CONDITIONAL = "conditional", "Conditional"
        RECOMMENDED = "recommended", "Recommended"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="measures")
    category = models.CharField(max_length=30, choices=MeasureCategory.choices)
    subtype = models.ForeignKey(
        MeasureSubtype, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(
        max_length=200, help_text="Short name, e.g. “Cap on refined petroleum imports”."
    )
    secondary_sanctions = models.BooleanField(
        default=False, help_text="The measure also targets third parties that deal with the target."
    )
    application = models.CharField(
        max_length=12, choices=Application.choices, default=Application.MANDATORY
    )
    population_impact = models.CharField(
        "potential impact on the population", max_length=10, choices=Level.choices, blank=True
    )
    resolution_paragraph = models.CharField(
        max_length=120, blank=True, help_text="Where the measure is imposed, e.g. “2397 OP4”."
    )
    description = models.TextField(blank=True, help_text="Markdown allowed.")
    exemptions = models.TextField(
        blank=True,
        help_text="Exemptions that apply to this measure, in words. Link the exemption pages as "
        "documents of kind “Exemption page” attached to this measure.",
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order on the public page.")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "sanction measure"

    def __str__(self):
        return self.title


class EpisodeDocument(models.Model):
    class Kind(models.TextChoices):
        PANEL_REPORTS = "panel_reports", "Panel of Experts reports"
        IMPLEMENTATION_NOTICE = "implementation_notice", "Implementation assistance notice"
        PRESS_RELEASE = "press_release", "Press release"
        EXEMPTION = "exemption", "Exemption page"
        DESIGNATION_LIST = "designation_list", "List of designees"
        RESOLUTION = "resolution", "Resolution text"
        OTHER = "other", "Other document or link"

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=300)
    url = models.URLField("link", max_length=500, blank=True)
    reference = models.CharField(
        max_length=60, blank=True, help_text="UN document symbol, e.g. “SC/13149”."
    )
    issued_on = models.DateField(null=True, blank=True)
    measure = models.ForeignKey(
        SanctionMeasure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        help_text="For exemption pages: the measure the exemption belongs to (same episode).",
    )
    note = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "document or link"
        verbose_name_plural = "documents and links"

    def __str__(self):
        return self.title


# --- Coded variables: type of conflict, targets, objectives, other policy instruments ----------


class CodedLookup(models.Model):
    """A configurable list of values researchers code (seeded by migration, edited in the admin).

    ``code`` is what public documents, filters and the codebook carry; it never changes once the
    value exists (the admin shows it read-only). A value no longer offered is made inactive rather
    than deleted, so that episodes coded with it keep it.
    """

    code = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=150, unique=True)
    definition = models.TextField(blank=True, help_text="Shown in the public codebook.")
    order = models.PositiveSmallIntegerField(default=0, help_text="Order in lists and forms.")
    active = models.BooleanField(
        default=True,
        help_text="Inactive values stay on the episodes coded with them but are "
        "no longer offered for new coding.",
    )

    class Meta:
        abstract = True
        ordering = ["order", "label"]

    def __str__(self):
        return self.label if self.active else f"{self.label} (inactive)"


class ConflictType(CodedLookup):
    """Configurable list of the types of conflict or issue areas an episode addresses."""

    class Meta(CodedLookup.Meta):
        verbose_name = "type of conflict or issue area"
        verbose_name_plural = "types of conflict or issue areas"


class TargetType(CodedLookup):
    """Configurable list of the kinds of target of an episode's sanctions."""

    class Meta(CodedLookup.Meta):
        verbose_name = "target"
        verbose_name_plural = "targets"


class Objective(CodedLookup):
    """Configurable list of objectives, each under one purpose or under all of them."""

    purpose = models.CharField(
        max_length=10,
        choices=Purpose.choices,
        blank=True,
        help_text="The purpose this objective can be coded under; empty: any purpose.",
    )

    class Meta(CodedLookup.Meta):
        pass

    def __str__(self):
        prefix = f"{self.get_purpose_display()}: " if self.purpose else ""
        return prefix + super().__str__()


class PolicyInstrument(CodedLookup):
    """Configurable list of the policy instruments other than UN sanctions in use in an episode."""

    class Meta(CodedLookup.Meta):
        verbose_name = "other policy instrument"
        verbose_name_plural = "other policy instruments"


class EpisodeConflictType(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="conflict_types")
    conflict_type = models.ForeignKey(
        ConflictType, on_delete=models.PROTECT, related_name="+", verbose_name="type"
    )

    class Meta:
        ordering = ["conflict_type__order", "id"]
        verbose_name = "type of conflict or issue area"
        verbose_name_plural = "types of conflict or issue areas"
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "conflict_type"],
                name="conflict_type_once_per_episode",
                violation_error_message="This type of conflict is already coded for the episode.",
            ),
        ]

    def __str__(self):
        return str(self.conflict_type)


class EpisodeTarget(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="targets")
    target = models.ForeignKey(TargetType, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["target__order", "id"]
        verbose_name = "target"
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "target"],
                name="target_once_per_episode",
                violation_error_message="This target is already coded for the episode.",
            ),
        ]

    def __str__(self):
        return str(self.target)


class PurposeObjective(models.Model):
    """One objective of one of the episode's purposes (the purpose's free text is its objective).

    It belongs to the episode and names the purpose by its code, as assessments do, so the whole
    coding of an episode is edited, versioned and reviewed on the episode's one form.
    """

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="objectives")
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(
        blank=True, help_text="How the objective reads in this episode, with its source."
    )

    class Meta:
        ordering = ["purpose", "objective__order", "id"]
        verbose_name = "objective"
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "purpose", "objective"],
                name="objective_once_per_episode_purpose",
                violation_error_message="This objective is already coded for this purpose.",
            ),
        ]

    def __str__(self):
        return f"{self.get_purpose_display()}: {self.objective.label}"

    def clean(self):
        if self.objective_id and self.objective.purpose and self.objective.purpose != self.purpose:
            raise ValidationError(
                {
                    "objective": f"“{self.objective.label}” is an objective of the purpose "
                    f"“{self.objective.get_purpose_display()}”."
                }
            )


class EpisodeInstrument(models.Model):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="instruments")
    instrument = models.ForeignKey(PolicyInstrument, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(
        blank=True, help_text="Who used it, when, and how it bore on the episode. Markdown allowed."
    )

    class Meta:
        ordering = ["instrument__order", "id"]
        verbose_name = "other policy instrument"
        verbose_name_plural = "other policy instruments"
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "instrument"],
                name="instrument_once_per_episode",
                violation_error_message="This instrument is already coded for the episode.",
            ),
        ]

    def __str__(self):
        return str(self.instrument)


# --- Published projections ----------------------------------------------------------------------


class PublishedRegimeQuerySet(PublishedQuerySet):
    def for_list(self):
        return self.order_by("code")


class PublishedRegime(PublishedBase):
    KEY_FIELD = "code"

    code = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=200)

    objects = PublishedRegimeQuerySet.as_manager()

    class Meta(PublishedBase.Meta):
        ordering = ["code"]

    def __str__(self):
        return self.code


class PublishedEpisodeQuerySet(PublishedQuerySet):
    def public(self):
        """Episodes whose regime is public too.

        A correlated ``EXISTS`` rather than ``regime_code IN (…)``, as for designations: with
        ``IN`` SQLite read every episode of every public regime and sorted them, documents and
        all, for one page; with ``EXISTS`` it walks the list's index and stops after the page."""
        regimes = PublishedRegime.objects.public().filter(code=OuterRef("regime_code"))
        return self.filter(Exists(regimes))

    def for_list(self):
        return self.public().order_by("regime_code", "number")

    def with_regime_name(self):
        """Annotate ``regime_name`` and ``regime_short_name`` (what breadcrumbs call it) from the
        published regime, in the same query."""
        regime = PublishedRegime.objects.filter(code=OuterRef("regime_code"))
        return self.annotate(
            regime_name=Subquery(regime.values("name")[:1]),
            regime_short_name=Subquery(regime.values("document__short_name")[:1]),
        )


class PublishedEpisode(PublishedBase):
    """One approved episode: the columns public filters and sorting need, plus the document
    (the episode page: the episode with its public assessments, as approved)."""

    KEY_FIELD = "slug"

    slug = models.SlugField(max_length=80, unique=True)
    regime_code = models.CharField(max_length=4, db_index=True)
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    start_date = models.DateField(db_index=True)
    end_date = models.DateField(null=True, db_index=True)
    primary_purpose = models.CharField(max_length=10, blank=True, db_index=True)
    # Delimited "|coerce|signal|" so that one indexed-free LIKE works on SQLite and PostgreSQL.
    purposes = models.CharField(max_length=60, blank=True)
    categories = models.CharField(max_length=300, blank=True)
    # The coded variables' codes, delimited the same way (lookups can grow: no length limit).
    conflict_types = models.TextField(blank=True)
    targets = models.TextField(blank=True)
    objectives = models.TextField(blank=True)
    instruments = models.TextField(blank=True)
    population_impact = models.CharField(max_length=10, blank=True, db_index=True)
    overall_effectiveness = models.CharField(max_length=10, blank=True, db_index=True)

    objects = PublishedEpisodeQuerySet.as_manager()

    class Meta(PublishedBase.Meta):
        ordering = ["regime_code", "number"]
        # The lists' order, the API's tiebreak included: a page is read in the index's order.
        indexes = [
            models.Index(fields=["regime_code", "number", "object_id"], name="episodes_pub_order")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return link("episodes:detail", self.slug)


# --- The approved versions of the configurable lists (what the public sees of them) ------------


class PublishedCodedLookup(PublishedLookupBase):
    code = models.SlugField(max_length=60, unique=True)
    label = models.CharField(max_length=150)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta(PublishedLookupBase.Meta):
        abstract = True
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


class PublishedConflictType(PublishedCodedLookup):
    class Meta(PublishedCodedLookup.Meta):
        verbose_name = "published type of conflict or issue area"


class PublishedTargetType(PublishedCodedLookup):
    class Meta(PublishedCodedLookup.Meta):
        verbose_name = "published target"


class PublishedObjective(PublishedCodedLookup):
    purpose = models.CharField(max_length=10, blank=True)

    class Meta(PublishedCodedLookup.Meta):
        verbose_name = "published objective"


class PublishedPolicyInstrument(PublishedCodedLookup):
    class Meta(PublishedCodedLookup.Meta):
        verbose_name = "published other policy instrument"


class PublishedMeasureSubtype(PublishedLookupBase):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)

    class Meta(PublishedLookupBase.Meta):
        ordering = ["name"]
        verbose_name = "published measure subtype"

    def __str__(self):
        return self.name


# Versioning: one save of an episode (with its inlines) is one revision holding every child, and a
# child saved on its own pulls its episode (and so every sibling) into the revision too.
EPISODE_CHILDREN = (
    "resolutions",
    "purposes",
    "measures",
    "documents",
    "unintended_consequences",
    "conflict_types",
    "targets",
    "objectives",
    "instruments",
)
reversion.register(Regime)
reversion.register(Episode, follow=EPISODE_CHILDREN)
for _child in (
    Resolution,
    EpisodePurpose,
    SanctionMeasure,
    EpisodeDocument,
    EpisodeConflictType,
    EpisodeTarget,
    PurposeObjective,
    EpisodeInstrument,
):
    reversion.register(_child, follow=("episode",))
# The configurable lists are reviewed like any record: each value is an aggregate of its own.
for _lookup in (MeasureSubtype, ConflictType, TargetType, Objective, PolicyInstrument):
    reversion.register(_lookup)
