"""Who may reach an agreement, and who may have a version of it as a PDF.

An agreement is reached through its partnership (partnerships.selectors.access decides
who sees which). Its PDFs are for the secretariat and platform admins, the brokers
assigned to the partnership, and the parties' representatives: for a version issued
for signature, the parties it names (frozen at issue, AgreementVersion.parties), so an
organisation that joined the partnership afterwards has no copy of what others signed.
Observers and unassigned brokers see the agreement but not its PDFs.
"""

from django.http import Http404

from partnerships.models import Agreement, AgreementVersion, Partner, Partnership, VersionStatus
from partnerships.selectors.access import can_change, partnership_visible
from partnerships.selectors.representation import represented_organisation
from platforms.models import Membership, Platform, Role

REFUSED = (
    "Only the secretariat, the platform's admins, the brokers assigned to this partnership "
    "and its parties' representatives can have its agreements as PDFs."
)
NOT_A_PARTY = (
    "Only the representatives of the parties to version {number} can have it as a PDF, "
    "and {organisation} was not a party when it was issued."
)
# The staff roles that have every agreement's PDF, whatever the partnership.
PDF_ROLES = {Role.PLATFORM_ADMIN, Role.SECRETARIAT}


def agreement_visible_get(*, platform: Platform, membership: Membership, public_id) -> Agreement:
    """One agreement of a partnership the member may see, with its partnership; 404 for
    missing, another platform's and not-yours alike."""
    agreement = (
        Agreement.objects.filter(
            platform=platform,
            public_id=public_id,
            partnership__in=partnership_visible(platform=platform, membership=membership),
        )
        .select_related("partnership")
        .first()
    )
    if agreement is None:
        raise Http404("No such agreement.")
    return agreement


def _not_a_party(*, membership: Membership, version: AgreementVersion) -> str:
    """Why the member's organisation is not one of the parties the version names, or ""
    when it is. A draft names the partnership's active partners, which a representative
    who reached it through partnership_get speaks for; so does a version issued before
    parties were frozen (as its PDF does: pdf.parties_of). Two queries for an issued
    version, none otherwise."""
    if version.status == VersionStatus.DRAFT or not version.parties:
        return ""
    organisation = represented_organisation(platform=version.platform, membership=membership)
    if organisation is None:
        return REFUSED
    partner_ids = [party["partner"] for party in version.parties]
    if Partner.objects.filter(
        platform_id=version.platform_id, pk__in=partner_ids, organisation_id=organisation.pk
    ).exists():
        return ""
    return NOT_A_PARTY.format(number=version.number, organisation=organisation.name)


def pdf_refusal(
    *, membership: Membership, partnership: Partnership, version: AgreementVersion | None
) -> str:
    """Why the member may not have the version as a PDF, or "" when it may. Called after
    partnership_get, so a representative here is one of a current partner's; it also has
    to be one of the version's parties. Without a version: whether the member may have
    any of the partnership's agreements as PDFs (a representative, its current ones)."""
    if membership.role == Role.PARTNER_REPRESENTATIVE:
        if version is None:
            return ""
        return _not_a_party(membership=membership, version=version)
    if membership.role in PDF_ROLES or can_change(membership=membership, partnership=partnership):
        return ""
    return REFUSED


def may_have_pdf(
    *, membership: Membership, partnership: Partnership, version: AgreementVersion | None = None
) -> bool:
    return not pdf_refusal(membership=membership, partnership=partnership, version=version)


def pdf_allowed_versions(
    *, membership: Membership, partnership: Partnership, versions: list[AgreementVersion]
) -> set[int]:
    """The ids of those of the partnership's versions the member may have as PDFs, for a
    list (a version history): the rule of pdf_refusal, in a fixed number of queries
    however many versions."""
    if membership.role != Role.PARTNER_REPRESENTATIVE:
        allowed = not pdf_refusal(membership=membership, partnership=partnership, version=None)
        return {v.pk for v in versions} if allowed else set()
    frozen = [v for v in versions if v.status != VersionStatus.DRAFT and v.parties]
    ours: set[int] = set()
    if frozen:
        represented = represented_organisation(platform=partnership.platform, membership=membership)
        partner_ids = {party["partner"] for v in frozen for party in v.parties}
        if represented is not None:
            ours = set(
                Partner.objects.filter(
                    platform_id=partnership.platform_id,
                    pk__in=partner_ids,
                    organisation_id=represented.pk,
                ).values_list("pk", flat=True)
            )
    return {
        v.pk
        for v in versions
        if v not in frozen or any(party["partner"] in ours for party in v.parties)
    }
