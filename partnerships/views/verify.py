"""The public verification page, /verify/: anyone holding an agreement's PDF, or the
fingerprint printed in it, learns which platform, agreement and version it is and
whether it was executed. Nothing of its content is shown; a member of the agreement's
platform also gets a link to the agreement's page (which checks access as usual).

Anyone may upload here, so an upload is bounded before it is read: a throttle per
client, then an upload handler that stops reading past the limit, installed before the
body is parsed. CSRF's middleware would parse the body first, so the outer view is
exempt and the inner one checks CSRF itself, after the handler is in place (Django's
"Modifying upload handlers on the fly").
"""

import hashlib

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods
from rest_framework.throttling import SimpleRateThrottle

from partnerships.selectors import verify as selectors

MAX_BYTES = 20 * 1024 * 1024
# Room for the form's other fields and the multipart framing around the file.
BODY_SLACK = 64 * 1024
BAD_FINGERPRINT = "A fingerprint is 64 characters, the digits 0-9 and the letters a-f."
NO_FILE = "Choose a PDF file to check."
EMPTY = "This file is empty."
TOO_BIG = "Files over 20 MB cannot be verified here: no agreement PDF is that large."
NOT_PDF = "This file is not a PDF."
TOO_MANY = (
    "Too many files have been checked from here in the last hour. Try again later, "
    "or type the fingerprint printed in the PDF instead."
)


class UploadThrottle(SimpleRateThrottle):
    """Uploads per client (the user when signed in, else the address), counted in the
    cache like the API's throttle (platforms.api.throttling)."""

    scope = "verify_upload"
    rate = "30/hour"

    def get_cache_key(self, request, view) -> str:
        user = request.user
        ident = f"user-{user.pk}" if user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class UploadLimit(FileUploadHandler):
    """Stops the upload once its files pass ``limit`` bytes in all (or at once, when the
    body says it is larger), before the next handlers spool more to disk. The rest of the
    body is read and dropped, so the browser gets the page rather than a reset."""

    def __init__(self, request=None, *, limit: int = MAX_BYTES) -> None:
        super().__init__(request)
        self.limit = limit
        self.body_length = 0
        self.received = 0
        self.exceeded = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.body_length = content_length or 0
        return None  # parse as usual

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        if self.body_length > self.limit + BODY_SLACK:
            self._stop()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self._stop()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler makes the file

    def _stop(self) -> None:
        self.exceeded = True
        raise StopUpload(connection_reset=False)


def _read_upload(upload) -> tuple[str | None, str]:
    """The file's SHA-256, or None and why it was refused; read in chunks, never whole."""
    if upload is None:
        return None, NO_FILE
    if upload.size == 0:
        return None, EMPTY
    if upload.size > MAX_BYTES:
        return None, TOO_BIG
    digest = hashlib.sha256()
    first = b""
    for chunk in upload.chunks():
        if not first:
            first = chunk[:5]
        digest.update(chunk)
    if first != b"%PDF-":
        return None, NOT_PDF
    return digest.hexdigest(), ""


def _page(request, *, fingerprint="", error="", result=None, checked=False, status=200):
    link = ""
    if result is not None and result.is_member:
        link = reverse(
            "agreement_detail",
            kwargs={
                "platform_slug": result.platform_slug,
                "public_id": result.partnership_public_id,
                "agreement_id": result.agreement_public_id,
            },
        )
    return render(
        request,
        "partnerships/verify.html",
        {
            "fingerprint": fingerprint,
            "error": error,
            "result": result,
            "checked": checked,
            "link": link,
            "max_mb": MAX_BYTES // (1024 * 1024),
        },
        status=status,
    )


@csrf_exempt  # checked by _upload, once the upload limit is in place
@require_http_methods(["GET", "POST"])
def verify(request, fingerprint: str = "") -> HttpResponse:
    if request.method == "POST":
        # A plain Django view: the throttle reads only the request, never the DRF view.
        if not UploadThrottle().allow_request(request, None):  # type: ignore[arg-type]
            return _page(request, error=TOO_MANY, status=429)
        limit = UploadLimit(request)
        request.upload_handlers.insert(0, limit)
        return _upload(request, limit=limit)
    return _lookup(request, fingerprint)


@csrf_protect
def _upload(request, *, limit: UploadLimit) -> HttpResponse:
    upload = request.FILES.get("file")  # reads the body, through the limit
    if limit.exceeded:
        return _page(request, error=TOO_BIG, status=413)
    digest, error = _read_upload(upload)
    if digest is None:
        return _page(request, error=error, status=413 if error == TOO_BIG else 400)
    # An upload is matched on its bytes: a different file with the same content is not
    # this document.
    result = selectors.verify_fingerprint(fingerprint=digest, user=request.user, content=False)
    return _page(request, fingerprint=digest, result=result, checked=True)


def _lookup(request, fingerprint: str) -> HttpResponse:
    raw = fingerprint or request.GET.get("fingerprint", "")
    if not raw:
        return _page(request)
    clean = selectors.fingerprint_clean(raw)
    if clean is None:
        return _page(request, fingerprint=raw[:200], error=BAD_FINGERPRINT, status=400)
    result = selectors.verify_fingerprint(fingerprint=clean, user=request.user)
    return _page(request, fingerprint=clean, result=result, checked=True)
