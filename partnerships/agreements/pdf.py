"""An agreement version as a PDF (WeasyPrint). Called only from the ``agreement_pdf`` job
(partnerships.services.agreement_pdfs), never in a request.

Two different SHA-256 values, on purpose:

* the **content fingerprint** (``content_fingerprint``) is the SHA-256 of a canonical JSON
  of what the parties agreed: the agreement, the version's number and status, its clauses
  and its signatures. It is PRINTED in an executed version's PDF, with the verification
  link. A document cannot contain the hash of its own bytes, so what is printed is the
  hash of its content: anyone can recompute it from the records.
* the **file fingerprint** is the SHA-256 of the final PDF bytes, computed after
  rendering and kept for every file made (``AgreementFile``): the verification page can
  take an uploaded PDF, hash it and find the version.

The file is stored under ``agreements/<platform>/<agreement>/v<n>-<key hash>.pdf``; the
key hash covers the content and the look (platform name, colour, logo, the template's
revision), so the same content renders once, and a change of either makes a new file.
"""

import base64
import hashlib
import json
import logging
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from partnerships.agreements.pdf_fetcher import RestrictedFetcher
from partnerships.models import (
    AgreementClause,
    AgreementVersion,
    Partner,
    PartnerRole,
    Signatory,
    VersionStatus,
)
from stakeholders.models import Sector

logger = logging.getLogger(__name__)

# Bump when templates/pdf/agreement.html or .css change the document's look.
TEMPLATE_REVISION = "1"
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}


@dataclass
class Party:
    """A party as the document names it (see AgreementVersion.parties)."""

    partner: int
    name: str
    sector: str
    role: str

    def sector_label(self) -> str:
        return str(dict(Sector.choices).get(self.sector, self.sector))

    def role_label(self) -> str:
        return str(dict(PartnerRole.choices).get(self.role, self.role))


def partners_active(*, platform_id: int, partnership_ids: Iterable[int]) -> QuerySet[Partner]:
    """The active partners of these partnerships, in the order a draft names them."""
    return (
        Partner.objects.filter(
            platform_id=platform_id, partnership_id__in=list(partnership_ids), left_on__isnull=True
        )
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def party_of(partner: Partner) -> Party:
    return Party(partner.pk, partner.organisation.name, partner.organisation.sector, partner.role)


def parties_now(*, version: AgreementVersion) -> list[Party]:
    """The partnership's active partners, as a draft names them and as issuing freezes
    them (services.signing.version_issue)."""
    partners = partners_active(
        platform_id=version.platform_id, partnership_ids=[version.agreement.partnership_id]
    )
    return [party_of(p) for p in partners]


def parties_frozen(*, version: AgreementVersion) -> list[Party]:
    """The parties the version named when it was issued; [] for a draft (and a version
    issued before parties were frozen), which names the active partners instead."""
    return [Party(**party) for party in version.parties or []]


def parties_of(*, version: AgreementVersion) -> list[Party]:
    return parties_frozen(version=version) or parties_now(version=version)


@dataclass
class PdfContent:
    version: AgreementVersion
    clauses: list[AgreementClause]
    parties: list[Party]
    signatories: list[Signatory]
    canonical: dict

    @property
    def fingerprint(self) -> str:
        return _sha256(self.canonical)

    @property
    def key_hash(self) -> str:
        platform = self.version.platform
        look = {
            "platform": platform.name,
            "colour": platform.primary_colour,
            "logo": platform.logo.name or "",
            "revision": TEMPLATE_REVISION,
            "site": settings.SITE_URL,
        }
        return _sha256({"content": self.canonical, "look": look})[:16]

    @property
    def key(self) -> str:
        v = self.version
        return f"agreements/{v.platform_id}/{v.agreement.public_id}/v{v.number}-{self.key_hash}.pdf"


def document_status(version: AgreementVersion) -> str:
    """The status the document carries. Superseding changes which version is in force,
    not what its parties signed: a superseded version's document stays the one it was
    (executed, or issued when it was declined and amended), with the same fingerprint and
    the same file."""
    if version.status == VersionStatus.SUPERSEDED:
        return VersionStatus.EXECUTED if version.executed_at else VersionStatus.ISSUED
    return version.status


def _sha256(data: dict) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _when(value) -> str | None:
    return value.isoformat() if value else None


def signatories_by_party(
    *, parties: list[Party], signatories: Iterable[Signatory]
) -> list[Signatory]:
    """Each signatory with ``party_name``, the party it signs for as the version names it,
    ordered by it: an organisation renamed since the version was issued neither renames
    nor reorders its signatures (nor so changes an executed version's fingerprint)."""
    signatories = list(signatories)
    names = {p.partner: p.name for p in parties}
    for s in signatories:
        s.party_name = names.get(s.partner_id, s.partner.organisation.name)  # type: ignore[attr-defined]
    return sorted(
        signatories,
        key=lambda s: (s.party_name.casefold(), s.name.casefold(), s.pk),  # type: ignore[attr-defined]
    )


def pdf_content_from(
    *,
    version: AgreementVersion,
    clauses: list[AgreementClause],
    parties: list[Party],
    signatories: Iterable[Signatory],
) -> PdfContent:
    """The document's content and its canonical form, from records already read: the
    version (with its agreement), its clauses by position, the parties it names
    (parties_of) and its signatories (with ``partner__organisation``). No query, so a
    list of versions (the register) computes the same keys as the renderer."""
    ordered = signatories_by_party(parties=parties, signatories=signatories)
    agreement = version.agreement
    canonical = {
        "agreement": str(agreement.public_id),
        "title": agreement.title,
        "version": version.number,
        "status": document_status(version),
        "clauses": [[c.position, c.title, c.body] for c in clauses],
        "parties": [[p.name, p.sector, p.role] for p in parties],
        "signatures": [
            {
                "party": s.party_name,  # type: ignore[attr-defined]
                "name": s.name,
                "title": s.title,
                "required": s.required,
                "signed_at": _when(s.signed_at),
                "signed_name": s.signed_name,
                "declined_at": _when(s.declined_at),
                "decline_reason": s.decline_reason,
            }
            for s in ordered
        ],
    }
    return PdfContent(version, clauses, parties, ordered, canonical)


def pdf_content(*, version: AgreementVersion) -> PdfContent:
    """Everything the document shows, in at most four queries, and its canonical form."""
    clauses = list(
        AgreementClause.objects.filter(platform_id=version.platform_id, version=version).order_by(
            "position"
        )
    )
    signatories = Signatory.objects.filter(
        platform_id=version.platform_id, version=version
    ).select_related("partner__organisation")
    return pdf_content_from(
        version=version,
        clauses=clauses,
        parties=parties_of(version=version),
        signatories=signatories,
    )


def logo_data_url(platform) -> str:
    """The platform's logo as a data: URL (the fetcher opens nothing else), or ""."""
    logo = platform.logo
    if not logo:
        return ""
    kind = LOGO_TYPES.get(logo.name.rsplit(".", 1)[-1].lower())
    if kind is None:
        return ""
    try:
        with logo.storage.open(logo.name, "rb") as handle:
            data = handle.read(LOGO_MAX_BYTES + 1)
    except OSError:
        logger.warning("Agreement PDF: the logo of platform %s could not be read.", platform.pk)
        return ""
    if len(data) > LOGO_MAX_BYTES:
        return ""
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def pdf_html(content: PdfContent) -> str:
    version = content.version
    platform = version.platform
    tz = platform.tzinfo

    def local(value):
        return timezone.localtime(value, tz) if value else None

    by_partner: dict[int, list[Signatory]] = {}
    for signatory in content.signatories:
        signatory.signed_local = local(signatory.signed_at)  # type: ignore[attr-defined]
        signatory.declined_local = local(signatory.declined_at)  # type: ignore[attr-defined]
        by_partner.setdefault(signatory.partner_id, []).append(signatory)
    parties = [(party, by_partner.get(party.partner, [])) for party in content.parties]
    status = content.canonical["status"]
    executed = status == VersionStatus.EXECUTED
    fingerprint = content.fingerprint
    dated = local(version.executed_at or version.issued_at)
    # Templates show aware datetimes in the active time zone: make it the platform's.
    with timezone.override(tz):
        return _render(
            {
                "platform": platform,
                "logo": logo_data_url(platform),
                "agreement": version.agreement,
                "partnership": version.agreement.partnership,
                "version": version,
                "clauses": content.clauses,
                "parties": parties,
                "signatories": content.signatories,
                "dated": dated.date() if dated else platform.today(),
                "dated_label": "Executed on"
                if version.executed_at
                else ("Issued on" if version.issued_at else "Prepared on"),
                "executed": executed,
                "status_label": VersionStatus(status).label,
                "fingerprint": fingerprint if executed else "",
                "verify_url": f"{settings.SITE_URL.rstrip('/')}/verify/{fingerprint}/"
                if executed
                else "",
                "tz_name": platform.time_zone,
            }
        )


def _render(context: dict) -> str:
    return render_to_string("pdf/agreement.html", context)


_fonts = threading.local()


def _font_config():
    """One WeasyPrint font configuration per process (and thread), kept between renders.

    Each new one loads the system's fonts through Fontconfig and Pango, and not all of
    that memory comes back: a worker grew by about 0.3 MB a render with one per render
    (bench/agreements.py), and stays flat with this. Nothing in it belongs to one
    document: the stylesheet names installed fonts only, never ``@font-face``, and the
    PDF bytes are the same either way. Made again after a fork (a worker's pool process)."""
    if getattr(_fonts, "pid", None) != os.getpid():
        from weasyprint.text.fonts import FontConfiguration

        _fonts.config, _fonts.pid = FontConfiguration(), os.getpid()
    return _fonts.config


def pdf_render(html: str, *, fetcher: RestrictedFetcher | None = None) -> bytes:
    """The PDF bytes. The base URL is the static directory, so a relative URL can only
    mean a static file, and the fetcher still checks it."""
    from weasyprint import HTML

    base = settings.STATICFILES_DIRS[0]
    fetcher = fetcher or RestrictedFetcher()
    return HTML(string=html, base_url=f"{base}/", url_fetcher=fetcher).write_pdf(
        font_config=_font_config()
    )
