"""Public pages of episodes: the list, one episode, its change history and its versions.

Every view reads only the ``public()`` rows of the ``Published…`` projections and, through
public.selectors, the public history, so nothing a researcher has not had approved can appear
here. Every public view answers GET and HEAD only (``require_safe``; other methods get 405).
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from assessments import rules
from designations import counts
from episodes.models import Episode, PublishedEpisode
from public import analogy, citations, selectors
from public.exports import tables
from public.filters import EpisodeFilter
from public.http import request_state
from public.site import listing, versions
from public.templatetags.atlas import parse_day


def EPISODE_TYPE():  # read when needed: content types exist only after migrating
    return ContentType.objects.get_for_model(Episode)


# --- episode list ---------------------------------------------------------------------------------

EPISODE_LIST = listing.ListSpec(
    template="public/episodes/list.html",
    table=tables.EPISODES,
    filename="episodes",
    per_page=25,
    noun="episodes",
    singular="episode",
)


@require_safe
@listing.cached_until_next_approval
def episode_list(request):
    def dress(form):
        listing.dress_form(
            form,
            select_choices={"regime": listing.regime_choices()},
            labels={
                "purpose": "Purpose",
                "primary_purpose": "Primary purpose",
                "category": "Sanction category",
                "population_impact": "Impact on the population",
                "effectiveness": "Overall effectiveness",
                "ongoing": "Ongoing or ended",
                "active_from": "In force on or after",
                "active_to": "Started on or before",
            },
        )
        form.fields["ongoing"].widget.choices = [
            ("", "Any"),
            ("true", "Ongoing"),
            ("false", "Ended"),
        ]
        form.fields["ongoing"].help_text = ""
        form.fields["active_from"].help_text = "Not ended before this date."
        form.fields["active_to"].help_text = ""

    return listing.filtered_list(
        request,
        EpisodeFilter,
        PublishedEpisode.objects.for_list().with_regime_name(),
        EPISODE_LIST,
        dress=dress,
    )


# --- one episode ------------------------------------------------------------------------------------


def _designee_rows(doc: dict, computed: dict) -> list[dict]:
    """Coded counts beside the counts computed from the designations in force in the period."""
    base = {"regime": doc["regime"], "active_from": doc["start_date"]}
    if doc["end_date"]:
        base["active_to"] = doc["end_date"]
    rows = []
    for plural, kind, label in listing.KINDS:
        coded = doc["designees"][plural]
        rows.append(
            {
                "label": label,
                "coded_current": coded["current"],
                "coded_maximum": coded["maximum"],
                "computed_current": computed[kind].current,
                "computed_maximum": computed[kind].maximum,
                "url": reverse("designations:list") + "?" + urlencode({**base, "kind": kind}),
            }
        )
    return rows


def _designees_url(doc: dict) -> str:
    params = {"regime": doc["regime"], "active_from": doc["start_date"]}
    if doc["end_date"]:
        params["active_to"] = doc["end_date"]
    return reverse("designations:list") + "?" + urlencode(params)


SIMILAR_SHOWN = 5


def designee_counts(doc: dict) -> dict:
    """The published designee counts of an episode's period (``counts.published_counts``),
    once per publication state (and day, for an ongoing episode): they read every designation
    of the regime in force during the period."""
    regime, start, end = doc["regime"], parse_day(doc["start_date"]), parse_day(doc["end_date"])
    name = ("designee counts", regime, start, end or timezone.localdate())
    return selectors.held_per_state(name, lambda: counts.published_counts(regime, start, end))


def _episode_context(
    request, doc: dict, assessments: dict, *, version: int, approved_at, regime_name, rows=None
):
    """Everything the episode template needs, from one episode document and its assessments."""
    computed = designee_counts(doc)
    exemption_links: dict = {}
    general_exemptions, documents = [], []
    for link in doc["documents"]:
        if link["kind"] == "exemption":
            if link["measure"] is not None:
                exemption_links.setdefault(link["measure"], []).append(link)
            else:
                general_exemptions.append(link)
        else:
            documents.append(link)
    purposes = [
        {**purpose, "assessment": assessments.get(purpose["purpose"])}
        for purpose in doc["purposes"]
    ]
    # Assessments of purposes the episode no longer lists still show, after the others.
    listed = {p["purpose"] for p in doc["purposes"]}
    extra = [a for p, a in sorted(assessments.items()) if p not in listed]
    version_url = request.build_absolute_uri(
        reverse("episodes:version", args=[doc["slug"], version])
    )
    return {
        "doc": doc,
        "regime_name": regime_name,
        "purposes": purposes,
        "extra_assessments": extra,
        "measures": [
            {**measure, "exemption_links": exemption_links.get(measure["id"], [])}
            for measure in doc["measures"]
        ],
        "general_exemptions": general_exemptions,
        "documents": documents,
        "designees": _designee_rows(doc, computed),
        "designees_url": _designees_url(doc),
        "rule": rules.describe(),
        "version": version,
        "approved_at": approved_at,
        "citation": listing.citation(
            title=doc["title"], version=version, approved_at=approved_at, url=version_url
        ),
        "citation_downloads": citations.downloads("episodes:citation", doc["slug"], version),
        "similar": analogy.rank(
            analogy.situation_of(doc), limit=SIMILAR_SHOWN, exclude=doc["slug"], rows=rows
        ),
    }


def _assessments_by_purpose(doc: dict) -> dict:
    """The page's assessments, by purpose, as the page's own version holds them."""
    return {a["purpose"]: a for a in doc.get("assessments", [])}


def _episode_not_found(request, slug):
    """Renamed → redirect to the new address; withdrawn → say so (410); else suggestions (404)."""
    known = selectors.known(EPISODE_TYPE(), slug)
    if known is not None:
        if known.public:
            current = selectors.public_key(EPISODE_TYPE(), known.object_id)
            return redirect("episodes:detail", slug=current, permanent=True)
        return _withdrawn(request, slug, known)
    candidates = dict(PublishedEpisode.objects.public().values_list("slug", "title"))
    return listing.not_found(
        request,
        what="episode",
        value=slug,
        suggestions=[
            (reverse("episodes:detail", args=[s]), title)
            for s, title in listing.closest(slug, candidates)
        ],
        search_url=reverse("episodes:list"),
    )


def _withdrawn(request, slug, known, withdrawn_on=None):
    return listing.withdrawn(
        request,
        what="episode",
        title=(known.last_document or {}).get("title", slug),
        withdrawn_on=withdrawn_on or known.withdrawn_on,
        history_url=reverse("episodes:history", args=[slug]),
        browse_url=reverse("episodes:list"),
    )


@require_safe
@listing.cached_until_next_approval
def episode_detail(request, slug):
    episode = PublishedEpisode.objects.public().with_regime_name().filter(slug=slug).first()
    if episode is None:
        return _episode_not_found(request, slug)
    context = _episode_context(
        request,
        episode.document,
        _assessments_by_purpose(episode.document),
        version=episode.public_version,
        approved_at=episode.approved_at,
        regime_name=episode.regime_name,
    )
    return render(request, "public/episodes/detail.html", {**context, "episode": episode})


@require_safe
def episode_csv(request, slug, fmt="csv"):
    """One episode as the episodes table's row (the columns of /episodes/?format=csv), as CSV or
    CSV for Excel (``fmt`` excel-csv: with a byte order mark)."""
    episode = PublishedEpisode.objects.for_list().filter(slug=slug).first()
    if episode is None:
        known = selectors.known(EPISODE_TYPE(), slug)
        if known is not None and known.public:
            current = selectors.public_key(EPISODE_TYPE(), known.object_id)
            name = "episodes:episode_csv" if fmt == "csv" else "episodes:episode_csv_excel"
            return redirect(name, slug=current, permanent=True)
        raise Http404(f"No published episode “{slug}”.")
    rows = tables.EPISODES.rows([episode], request.build_absolute_uri("/")[:-1])
    name = tables.download_name(
        f"episode-{episode.slug}", changed=request_state(request).last_approved_at
    )
    return tables.response(tables.EPISODES, rows, fmt, name)


def _current(object_id):
    return (
        PublishedEpisode.objects.public()
        .with_regime_name()
        .filter(object_id=object_id)
        .only("object_id", "slug", "title", "public_version", "regime_code")
        .first()
    )


@require_safe
def episode_history(request, slug):
    known = selectors.known(EPISODE_TYPE(), slug)
    if known is None:
        return _episode_not_found(request, slug)
    current = _current(known.object_id) if known.public else None
    records = selectors.history(
        EPISODE_TYPE(), known.object_id, public=known.public, with_documents=True
    )
    title = current.title if current else (known.last_document or {}).get("title", slug)
    return render(
        request,
        "public/site/history.html",
        {
            "what": "episode",
            "title": title,
            "history_url": reverse("episodes:history", args=[slug]),
            "current_url": reverse("episodes:detail", args=[current.slug]) if current else "",
            "entries": versions.history_entries(
                records, lambda number: reverse("episodes:version", args=[current.slug, number])
            ),
            "withdrawn": not known.public,
            "regime_code": current.regime_code if current else "",
            "regime_short_name": current.regime_short_name if current else "",
        },
    )


@require_safe
def episode_version(request, slug, number):
    known = selectors.known(EPISODE_TYPE(), slug)
    if known is None:
        return _episode_not_found(request, slug)
    record = selectors.version(EPISODE_TYPE(), known.object_id, number, public=known.public)
    if record is None:
        raise Http404("No such approved version of this episode.")
    if record["withdrawn"]:
        # Withdrawal is final for the versions it withdrew, also after a re-publication.
        return _withdrawn(request, slug, known, record["withdrawn_on"])
    # Every public episode, for the "similar episodes" panel; the current one is among them.
    rows = analogy.public_episodes()
    current = next((row for row in rows if row["object_id"] == known.object_id), None)
    if current is None:
        raise Http404("This episode is not public.")
    doc = record["document"]
    context = _episode_context(
        request,
        doc,
        _assessments_by_purpose(doc),
        version=record["number"],
        approved_at=record["approved_at"],
        regime_name=current["regime_name"],
        rows=rows,
    )
    return render(
        request,
        "public/episodes/detail.html",
        {
            **context,
            "episode": current,
            "archived": record,
            "is_current": record["number"] == current["public_version"],
        },
    )
