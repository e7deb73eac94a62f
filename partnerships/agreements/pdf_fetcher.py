"""The only way WeasyPrint may load anything while rendering an agreement.

Allowed: ``data:`` URLs (the platform's logo is embedded as one) and files under the
project's own ``static/`` directories, resolved and checked to stay inside them (no
``..``, no symlink out). Everything else — ``file:`` elsewhere, ``http(s):``, ``ftp:``,
anything without a scheme — is refused and logged. Clause text is sanitised before it
reaches the HTML (no images, no styles), so a refusal here means something slipped past
that, and the document renders without the resource rather than fetching it.
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A URL the agreement renderer may not load."""


def static_roots() -> list[Path]:
    return [Path(root).resolve() for root in settings.STATICFILES_DIRS]


def static_path(url: str) -> Path:
    """The file a ``file:`` URL names, if it lies under a static directory; else refused."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise RefusedURL(f"Refused a file URL on another host: {url}")
    path = Path(unquote(parts.path)).resolve()
    for root in static_roots():
        if path.is_relative_to(root) and path.is_file():
            return path
    raise RefusedURL(f"Refused a file outside the project's static files: {url}")


class RestrictedFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that opens nothing outside ``data:`` and static files.

    ``asked`` keeps every URL WeasyPrint asked for, so tests can show what was (and was
    not) requested.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked: list[str] = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            # The standard library's data: handler, and no other handler.
            return super().fetch(url, headers)
        if scheme == "file":
            try:
                path = static_path(url)
            except RefusedURL:
                logger.warning("Agreement PDF: refused %s", url[:200])
                raise
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), {"Content-Type": content_type}
            )
        logger.warning("Agreement PDF: refused %s", url[:200])
        raise RefusedURL(f"Refused a URL that is neither data: nor a static file: {url[:200]}")
