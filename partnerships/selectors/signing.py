"""Reads for signing: one version of an agreement, its signatories, the members who may
be linked to sign, and the section-by-section difference between a version and the one
before. Every lookup is scoped to the agreement (itself scoped to the partnership and
platform): another's id is a 404."""

import difflib
import html
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from partnerships.models import Agreement, AgreementClause, AgreementVersion, Partner, Signatory
from platforms.models import Membership, Platform, Role
from stakeholders.models import Representative

NOT_YOURS = "Only {name}'s own account can sign or decline for {name}."
NOT_REPRESENTED = (
    "This signatory signs for {organisation}: only that organisation's representatives can "
    "sign for it."
)
NO_LONGER = (
    "Your account no longer represents {organisation}, so it cannot sign or decline for it. "
    "Ask the brokers to link {name} to one of its current representatives."
)


def version_get(*, agreement: Agreement, number: int) -> AgreementVersion:
    version = (
        AgreementVersion.objects.filter(
            platform_id=agreement.platform_id, agreement=agreement, number=number
        )
        .select_related("issued_by", "platform")
        .first()
    )
    if version is None:
        raise Http404("No such version.")
    version.agreement = agreement
    return version


def signatory_list(*, version: AgreementVersion) -> QuerySet[Signatory]:
    return (
        Signatory.objects.filter(platform_id=version.platform_id, version=version)
        .select_related("partner__organisation", "user")
        .order_by("partner__organisation__name", "name")
    )


def signatory_get(*, version: AgreementVersion, public_id) -> Signatory:
    signatory = signatory_list(version=version).filter(public_id=public_id).first()
    if signatory is None:
        raise Http404("No such signatory.")
    signatory.version = version
    return signatory


def active_partners(*, version: AgreementVersion) -> QuerySet[Partner]:
    return (
        Partner.objects.filter(
            platform_id=version.platform_id,
            partnership_id=version.agreement.partnership_id,
            left_on__isnull=True,
        )
        .select_related("organisation")
        .order_by("organisation__name")
    )


def signing_members(*, version: AgreementVersion) -> QuerySet[Membership]:
    """The representatives of the partnership's active partner organisations: the
    accounts a signatory may be linked to."""
    organisations = active_partners(version=version).values("organisation_id")
    return (
        Membership.objects.filter(
            platform_id=version.platform_id,
            role=Role.PARTNER_REPRESENTATIVE,
            representative__organisation_id__in=organisations,
        )
        .select_related("user", "representative__organisation")
        .order_by("user__email")
    )


def representing(*, platform: Platform, user_ids) -> set[tuple[int, int]]:
    """(user id, organisation id) for each of these users who represents an organisation
    on the platform now: a partner representative's membership with its Representative
    row (the rule of partnerships.selectors.representation). One query."""
    return set(
        Representative.objects.filter(
            platform=platform,
            membership__platform=platform,
            membership__role=Role.PARTNER_REPRESENTATIVE,
            membership__user_id__in=user_ids,
        ).values_list("membership__user_id", "organisation_id")
    )


def signer_check(*, platform: Platform, signatory: Signatory, user) -> None:
    """Only the signatory's own account signs or declines for it, and only while that
    account still represents the signatory's organisation: a signatory linked before its
    person moved on (or copied into an amendment) signs for nobody. The one place this
    rule lives, for the web pages, the API and the services. One query."""
    user_id = getattr(user, "pk", None)
    organisation = signatory.partner.organisation
    if (user_id, organisation.pk) not in representing(platform=platform, user_ids=[user_id]):
        if user_id is not None and signatory.user_id == user_id:
            raise PermissionDenied(
                NO_LONGER.format(organisation=organisation.name, name=signatory.name)
            )
        raise PermissionDenied(NOT_REPRESENTED.format(organisation=organisation.name))
    if signatory.user_id != user_id:
        raise PermissionDenied(NOT_YOURS.format(name=signatory.name))


def has_declined(*, version: AgreementVersion) -> bool:
    return Signatory.objects.filter(
        platform_id=version.platform_id, version=version, declined_at__isnull=False
    ).exists()


@dataclass
class ClauseChange:
    """One section compared: ``kind`` is added, removed, changed or same; ``words`` the
    inline word difference of a changed body (escaped, with <ins> and <del>)."""

    kind: str
    title: str
    old_title: str = ""
    words: SafeString | None = None


BREAK = "\n"
# Where one block of text ends and the next begins: a paragraph, a list item, a row.
BLOCK_END = re.compile(
    r"</(p|li|h[1-6]|tr|div|blockquote)\s*>|<br\s*/?>|<(ul|ol|table)\b[^>]*>", re.I
)


def _text(body: str) -> list[str]:
    """The words a reader sees, with a BREAK between blocks so that list items and
    paragraphs do not run together: tags dropped, entities read as the characters they
    are (escaped again, once, on the way out)."""
    words: list[str] = []
    for block in BLOCK_END.sub(BREAK, body).split(BREAK):
        text = html.unescape(strip_tags(block)).split()
        if text:
            if words:
                words.append(BREAK)
            words += text
    return words


def _join(words: list[str]) -> str:
    return " ".join("<br>" if w == BREAK else escape(w) for w in words)


def words_diff(old: str, new: str) -> SafeString:
    """Word by word, every word escaped; only the <ins>/<del> and the line breaks
    between blocks are ours."""
    a, b = _text(old), _text(new)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(_join(a[i1:i2]))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{_join(a[i1:i2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{_join(b[j1:j2])}</ins>")
    return mark_safe(" ".join(out))  # noqa: S308 - every piece of text above is escaped


def version_diff(*, version: AgreementVersion) -> tuple[AgreementVersion | None, list]:
    """The version before, and each section compared with it, matched by title (then by
    position for a renamed section): two queries."""
    previous = (
        AgreementVersion.objects.filter(
            platform_id=version.platform_id,
            agreement_id=version.agreement_id,
            number__lt=version.number,
        )
        .order_by("-number")
        .first()
    )
    if previous is None:
        return None, []
    clauses = list(
        AgreementClause.objects.filter(version__in=[previous, version]).order_by("position")
    )
    old = [c for c in clauses if c.version_id == previous.pk]
    new = [c for c in clauses if c.version_id == version.pk]
    old_by_title = {c.title: c for c in old}
    matched: set[int] = set()
    changes: list[ClauseChange] = []
    for clause in new:
        before = old_by_title.get(clause.title)
        if before is None or before.pk in matched:
            before = next(
                (c for c in old if c.position == clause.position and c.pk not in matched), None
            )
            if before is not None and before.title in {c.title for c in new}:
                before = None  # that section is still there under its own title
        if before is None:
            changes.append(ClauseChange("added", clause.title, words=words_diff("", clause.body)))
            continue
        matched.add(before.pk)
        same = before.body == clause.body and before.title == clause.title
        changes.append(
            ClauseChange(
                "same" if same else "changed",
                clause.title,
                old_title=before.title if before.title != clause.title else "",
                words=None if same else words_diff(before.body, clause.body),
            )
        )
    changes += [
        ClauseChange("removed", c.title, words=words_diff(c.body, ""))
        for c in old
        if c.pk not in matched
    ]
    return previous, changes
