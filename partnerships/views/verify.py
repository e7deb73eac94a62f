"""The public verification page, /verify/: anyone holding an agreement's PDF, or the
fingerprint printed in it, learns which platform, agreement and version it is and
whether it was executed. Nothing of its content is shown; a member of the agreement's
platform also gets a link to the agreement's page (which checks access as usual).
"""

import hashlib

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from partnerships.selectors import verify as selectors

MAX_BYTES = 20 * 1024 * 1024
BAD_FINGERPRINT = "A fingerprint is 64 characters, the digits 0-9 and the letters a-f."
NO_FILE = "Choose a PDF file to check."
EMPTY = "This file is empty."
TOO_BIG = "This file is larger than 20 MB, the most this page accepts."
NOT_PDF = "This file is not a PDF."


def _read_upload(upload) -> tuple[str | None, str]:
    """The file's SHA-256, or None and why it was refused; read in chunks, never whole."""
    if upload is None:
        return None, NO_FILE
    if upload.size == 0:
        return None, EMPTY
    if upload.size > MAX_BYTES:
        return None, TOO_BIG
    size = 0
    digest = hashlib.sha256()
    first = b""
    for chunk in upload.chunks():
        if not first:
            first = chunk[:5]
        size += len(chunk)
        if size > MAX_BYTES:
            return None, TOO_BIG
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
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def verify(request, fingerprint: str = "") -> HttpResponse:
    if request.method == "POST":
        digest, error = _read_upload(request.FILES.get("file"))
        if digest is None:
            return _page(request, error=error, status=400)
        # An upload is matched on its bytes: a different file with the same content is
        # not this document.
        result = selectors.verify_fingerprint(fingerprint=digest, user=request.user, content=False)
        return _page(request, fingerprint=digest, result=result, checked=True)
    raw = fingerprint or request.GET.get("fingerprint", "")
    if not raw:
        return _page(request)
    clean = selectors.fingerprint_clean(raw)
    if clean is None:
        return _page(request, fingerprint=raw[:200], error=BAD_FINGERPRINT, status=400)
    result = selectors.verify_fingerprint(fingerprint=clean, user=request.user)
    return _page(request, fingerprint=clean, result=result, checked=True)
