"""The bound on the fields of one posted form: raised for staff, Django's own for everybody else."""

from django.http import HttpResponseBadRequest


class FormFieldLimitMiddleware:
    """Django's default bound on the fields of one request (1,000) for all but signed-in staff.

    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS is raised for the admin's largest forms, and Django reads
    that one setting for every request; the only forms anybody else can post (the login form) have
    a handful of fields, so their bound stays Django's. The fields are counted in the raw body (its
    separators) before anything parses it; the body itself stays capped by
    DATA_UPLOAD_MAX_MEMORY_SIZE.
    """

    limit = 1000

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = request.method not in ("GET", "HEAD", "OPTIONS")
        if writes and not _is_staff(request) and _field_count(request) > self.limit:
            return HttpResponseBadRequest(
                "Too many form fields in this request.", content_type="text/plain"
            )
        return self.get_response(request)


def _is_staff(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_active and user.is_staff)


def _field_count(request) -> int:
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        body = request.body
        return body.count(b"&") + 1 if body else 0
    if content_type.startswith("multipart/form-data"):
        return request.body.lower().count(b"content-disposition: form-data")
    return 0
