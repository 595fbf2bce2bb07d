"""The editorial spine: change requests, the audit log, and the base of every published projection.

Working records live in the domain apps and are versioned by django-reversion. A ChangeRequest pins
one reversion Version per covered object; approving it (``editorial.services.approve``) writes the
``Published…`` projection rows and a PublicationRecord per object in one transaction.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, router
from django.db.models import Q
from django.db.models.lookups import GreaterThan

from editorial.sql import Unindexed


class PublishedQuerySet(models.QuerySet):
    def public(self):
        """The rows the public may see: the record's latest publication is a publish (its row
        exists) and every record it depends on is public. Subclasses add their dependencies;
        every reader of the public side starts here."""
        return self

    def for_object_ids(self, object_ids):
        return self.filter(object_id__in=object_ids)


class PublishedBase(models.Model):
    """Columns every ``Published…`` projection carries besides its own filter columns.

    ``object_id`` is the primary key of the working record. It is deliberately not a foreign key:
    the projection must survive anything done to the working tables until a reviewer approves it.
    """

    object_id = models.BigIntegerField(unique=True)
    document = models.JSONField(help_text="The complete public representation.")
    public_version = models.PositiveIntegerField(
        help_text="Number of the approved version this row shows (1, 2, …), as cited publicly."
    )
    version_id = models.BigIntegerField(help_text="The reversion Version that was approved.")
    revision_id = models.BigIntegerField(help_text="The reversion Revision that was approved.")
    change_request = models.ForeignKey(
        "editorial.ChangeRequest", on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(db_index=True)
    approved_by_name = models.CharField(max_length=150)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True
        default_permissions = ("view",)


class PublishedLookupBase(PublishedBase):
    """The approved version of one value of a configurable list (a score label, a type of
    conflict…): what the codebook, the analogy finder and the labels inside public documents
    show. The values seeded by migration before lookups went through review were back-filled
    without a change request (``change_request`` is empty for them)."""

    change_request = models.ForeignKey(
        "editorial.ChangeRequest", on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta(PublishedBase.Meta):
        abstract = True


class ChangeRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=ChangeRequest.OPEN_STATUSES)

    def with_staleness(self):
        """``is_stale``: a record of the request was saved after it was submitted (one subquery).

        An item's later versions are looked up among its object's, through reversion's unique
        index on db, content type and object id (without the db, every version of the kind was
        read per item: 90 ms for the demo's approval of 955 designations on PostgreSQL). The db
        is the one the records are written to, as reversion's ``get_for_object`` reads them
        (this project writes them all to one); were they routed to several, it would be that
        of the version each item pins, at the cost of a join.
        """
        from reversion.models import Version

        from editorial import registry

        dbs = {router.db_for_write(aggregate.model) for aggregate in registry.all_aggregates()}
        db = dbs.pop() if len(dbs) == 1 else models.OuterRef("version__db")
        newer = Version.objects.filter(
            GreaterThan(Unindexed("pk"), models.OuterRef("version_id")),
            db=db,
            content_type_id=models.OuterRef("content_type_id"),
            object_id=models.OuterRef("object_id"),
        )
        stale_items = ChangeRequestItem.objects.filter(change_request=models.OuterRef("pk")).filter(
            models.Exists(newer)
        )
        return self.annotate(is_stale=models.Exists(stale_items))

    def excluding_four_eyes_of(self, user):
        """Requests ``user`` may decide: neither submitted nor (in part) written by them."""
        return self.exclude(submitted_by=user).exclude(
            models.Exists(
                ChangeRequest.authors.through.objects.filter(
                    changerequest_id=models.OuterRef("pk"), user_id=user.pk
                )
            )
        )


class ChangeRequest(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"
        SUPERSEDED = "superseded", "Superseded"

    OPEN_STATUSES = (Status.SUBMITTED, Status.CHANGES_REQUESTED)

    title = models.CharField(max_length=300)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submitted_change_requests"
    )
    submitted_at = models.DateTimeField(db_index=True)
    comment = models.TextField(blank=True, help_text="What the submitter wants reviewed, and why.")
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="authored_change_requests",
        help_text="Everyone who wrote a revision the request would publish (four-eyes rule).",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decided_change_requests",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="supersedes"
    )
    split_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="splits",
        help_text="The request whose approvable items were approved without these.",
    )

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "id"]
        permissions = [
            ("review_changerequest", "Can approve, reject or request changes on change requests"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.title}"

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES


class ChangeRequestItem(models.Model):
    class Action(models.TextChoices):
        PUBLISH = "publish", "Publish"
        UNPUBLISH = "unpublish", "Withdraw from public view"
        DELETE = "delete", "Delete"

    change_request = models.ForeignKey(
        ChangeRequest, on_delete=models.CASCADE, related_name="items"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    # A string, as in reversion's Version.object_id, so the two compare without casts.
    object_id = models.CharField(max_length=191)
    object_repr = models.CharField(max_length=300)
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.PUBLISH)
    version = models.ForeignKey(
        "reversion.Version",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The exact version the reviewer is asked to approve.",
    )
    # Denormalised from the request's status so the database can enforce one open request per object.
    is_open = models.BooleanField(default=True)
    # The request's own record, kept for ever: what it proposed, and what the public saw when it
    # was submitted (refreshed when it is approved, so that it is what approval replaced).
    proposed_document = models.JSONField(
        null=True, blank=True, help_text="The document approval publishes (none for a withdrawal)."
    )
    public_document = models.JSONField(
        null=True,
        blank=True,
        help_text="The public document at submission, and at approval once approved.",
    )
    documents_recorded = models.BooleanField(
        default=False, help_text="Whether the two documents above were recorded."
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(is_open=True),
                name="one_open_change_request_per_object",
                violation_error_message="This record is already part of an open change request.",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"


class PublicationRecord(models.Model):
    """One approved public version of one aggregate (or its withdrawal): the public history."""

    class Action(models.TextChoices):
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Withdrawn from public view"

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.BigIntegerField()
    number = models.PositiveIntegerField(help_text="1 for the first approved version, then 2, …")
    key = models.CharField(
        max_length=200,
        db_index=True,
        help_text="The public identifier at the time (slug, reference).",
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    document = models.JSONField(null=True, blank=True)
    summary = models.TextField(blank=True, help_text="Public summary of what changed.")
    reason = models.TextField(
        blank=True,
        help_text="The researcher's reason for the change, as given with the reviewed version "
        "(shown in the public history; empty for a withdrawal).",
    )
    approved_at = models.DateTimeField(db_index=True)
    approved_by_name = models.CharField(max_length=150)
    change_request = models.ForeignKey(ChangeRequest, on_delete=models.PROTECT, related_name="+")
    version_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["content_type", "object_id", "number"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "number"], name="publication_number_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id", "approved_at"]),
            # The history listed by public identifier (``as_of`` lists, pages by key): a page
            # walks this index and stops, whatever the size of the history.
            models.Index(fields=["content_type", "key", "object_id"], name="publication_by_key"),
            # Withdrawals, for "not withdrawn since" (few rows: one probe per record shown).
            models.Index(
                fields=["content_type", "object_id", "number"],
                condition=models.Q(action="unpublished"),
                name="publication_withdrawals",
            ),
        ]

    def __str__(self):
        return f"{self.key} v{self.number} ({self.action})"


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        WITHDRAWN = "withdrawn", "Request withdrawn"
        SUPERSEDED = "superseded", "Request superseded"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Withdrawn from public view"
        DELETED = "deleted", "Deleted"
        RESTORED = "restored", "Restored"
        RECOVERED = "recovered", "Recovered after deletion"
        IMPORTED = "imported", "Imported"
        COMMENTED = "commented", "Commented"

    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    at = models.DateTimeField(db_index=True)
    change_request = models.ForeignKey(
        ChangeRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=191, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_repr} by {self.actor_name}"


class ChangeRequestComment(models.Model):
    """One message of the conversation on a change request (a question, an answer)."""

    change_request = models.ForeignKey(
        ChangeRequest, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    author_name = models.CharField(max_length=150)
    at = models.DateTimeField()
    text = models.TextField()

    class Meta:
        ordering = ["at", "id"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.author_name} on #{self.change_request_id}"


class NotificationPreference(models.Model):
    """Whether a person wants the workflow's e-mails (they do unless they say otherwise)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(
        "E-mail me about change requests",
        default=True,
        help_text="Submitted for my review, decided, changes requested, commented.",
    )

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.user}: {'e-mail' if self.email else 'no e-mail'}"


class PublicState(models.Model):
    """What the public sees, as one row: changed in every transaction that changes it.

    ``version`` is the validator of every public page and endpoint (ETags, cache keys). Counting
    publication records would not do: two approvals that overlap can commit in the other order
    than their records were numbered, and the newest record then names two states. Every change
    updates this one row instead, so concurrent approvals queue for its lock and each commit
    gives a new version. ``epoch`` is random per database, so a recreated database never reuses
    a validator. ``changed_at`` gives ``Last-Modified``: whole seconds, strictly later at every
    change and after the moment of the change, so that a date-only revalidation never gets a 304
    across a change made within the same second. ``last_approved_at`` is when a reviewer last
    approved, as pages show it.
    """

    epoch = models.CharField(max_length=32)
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)
    last_approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"public state {self.epoch}.{self.version}"
