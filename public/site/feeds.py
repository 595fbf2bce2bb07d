"""Atom feeds of approved changes (Django's syndication framework): site-wide, per regime and
per episode. Every page announces its feeds with ``<link rel="alternate">`` (base.html, the
regime and episode pages).

The entries come from ``selectors.feed_records`` only: publications whose version is still
public, and withdrawals. A withdrawal's entry says "withdrawn" and names the record by its
public identifier and nothing else of it (no title, no summary, no content). An assessment's
change shows as a new version of its episode's page, so assessments have no entries of their own.
"""

from django.contrib.contenttypes.models import ContentType
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from designations.models import Designation
from episodes.models import Episode, Regime
from public import selectors
from public.site import listing

ENTRIES = 50
KINDS = {"regime": "Regime", "episode": "Episode", "designation": "Designation"}


def _types(*models) -> list[ContentType]:
    return [ContentType.objects.get_for_model(model) for model in models]  # cached


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    author_name = "Sanctions Atlas"

    def title(self, obj):
        return "Sanctions Atlas: approved changes"

    def subtitle(self, obj):
        return (
            "Every change to a public page, after review: new versions of regimes, episodes and "
            "designations, and withdrawals from public view."
        )

    def link(self, obj):
        return reverse("episodes:home")

    def items(self, obj):
        return selectors.feed_records(
            limit=ENTRIES, content_types=_types(Regime, Episode, Designation)
        )

    # -- entries

    def _kind(self, record) -> str:
        return record.content_type.model

    def item_title(self, record):
        kind = KINDS.get(self._kind(record), "Record")
        if record.action == selectors.UNPUBLISHED:
            return f"{kind} {record.key} withdrawn from public view"
        return f"{record.title or record.key}, version {record.number}"

    def item_description(self, record):
        if record.action == selectors.UNPUBLISHED:
            return (
                f"This {self._kind(record)} was withdrawn from public view after review, with "
                "its earlier versions."
            )
        return record.summary or f"Version {record.number} approved."

    def item_link(self, record):
        kind, key = self._kind(record), record.key
        if kind == "regime":
            return reverse("episodes:regime", args=[key])
        if record.action == selectors.UNPUBLISHED:
            # The history page answers for a withdrawn record (its versions do not).
            if kind == "episode":
                return reverse("episodes:history", args=[key])
            return reverse("designations:history", args=[key])
        if kind == "episode":
            return reverse("episodes:version", args=[key, record.number])
        return reverse("designations:version", args=[key, record.number])

    def item_guid(self, record):
        return f"tag:sanctions-atlas,2024:{self._kind(record)}/{record.object_id}/{record.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, record):
        return record.approved_at

    def item_updateddate(self, record):
        return record.approved_at


class RegimeChangesFeed(ChangesFeed):
    """The regime, its episodes and its designations."""

    def get_object(self, request, code):
        if not listing.REGIME_CODE.match(code):
            raise Http404("No such regime.")
        known = selectors.known(ContentType.objects.get_for_model(Regime), code.upper())
        if known is None:
            raise Http404("No such regime.")
        return code.upper()

    def title(self, code):
        return f"Sanctions Atlas: approved changes, regime {code}"

    def link(self, code):
        return reverse("episodes:regime", args=[code])

    def items(self, code):
        regime_type, episode_type, designation_type = _types(Regime, Episode, Designation)
        return selectors.feed_records(
            limit=ENTRIES,
            content_types=[regime_type, episode_type, designation_type],
            regime=code,
            regime_type=regime_type,
        )


class EpisodeChangesFeed(ChangesFeed):
    """The episode page's versions (with its assessments), and its withdrawal."""

    def get_object(self, request, slug):
        known = selectors.known(ContentType.objects.get_for_model(Episode), slug)
        if known is None:
            raise Http404("No such episode.")
        return slug, known.object_id

    def title(self, obj):
        return f"Sanctions Atlas: approved changes, episode {obj[0]}"

    def link(self, obj):
        return reverse("episodes:history", args=[obj[0]])

    def items(self, obj):
        return selectors.feed_records(
            limit=ENTRIES, content_types=_types(Episode), object_id=obj[1]
        )
