"""The citation of one approved version of an episode or designation page, as a file: BibTeX,
RIS, CSL-JSON or plain text (public.citations writes them). A withdrawn version answers 410, as
its page does; only the public history (public.selectors) is read."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from designations.models import Designation
from episodes.models import Episode
from public import citations, selectors
from public.site import listing


def version_citation(request, *, model, key: str, number: int):
    """(Citation, None) for a public version, or (None, response) to answer instead."""
    content_type = ContentType.objects.get_for_model(model)
    known = selectors.known(content_type, key)
    record = known and selectors.version(content_type, known.object_id, number, public=known.public)
    if not record:
        raise Http404("No such approved version.")
    if record["withdrawn"]:
        return None, HttpResponse(
            "This version was withdrawn from public view after review.\n",
            status=410,
            content_type="text/plain; charset=utf-8",
        )
    kind = "episode" if model is Episode else "designation"
    citation = citations.of_version(
        request,
        kind,
        record["document"],
        number=record["number"],
        approved_at=record["approved_at"],
    )
    return citation, None


def _file(request, *, model, key, number, fmt):
    citation, answer = version_citation(request, model=model, key=key, number=int(number))
    if answer is not None:
        return answer
    media_type, _ = citations.FORMATS[fmt]
    response = HttpResponse(citations.render(citation, fmt), content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{citation.id}.{fmt}"'
    return response


@require_safe
def episode_citation(request, slug, number, fmt):
    return _file(request, model=Episode, key=slug, number=number, fmt=fmt)


@require_safe
def designation_citation(request, key, number, fmt):
    if not listing.DESIGNATION_KEY.match(key):
        raise Http404("No such designation.")
    return _file(request, model=Designation, key=key, number=number, fmt=fmt)
