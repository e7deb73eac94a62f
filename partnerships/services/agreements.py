"""Writes for agreements: drafting one from a template (version 1, its clauses filled from
the partnership's records), editing the clauses of a draft, and filling a draft's
remaining placeholders again from the records as they are now.

Only a draft changes. An issued or executed version is frozen: a change to it is an
amendment, a new version, which comes with signing."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerships.agreements.fill import agreement_context, placeholders_fill
from partnerships.agreements.placeholders import placeholders_in
from partnerships.agreements.sanitise import sanitise
from partnerships.models import (
    Agreement,
    AgreementClause,
    AgreementTemplate,
    AgreementVersion,
    Partnership,
    TemplateClause,
    TemplateVersion,
    VersionStatus,
)
from partnerships.services.agreement_templates import _clauses_clean
from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.services.common import actor_id, platform_check

TITLE_MAX = 300  # Agreement.title
FROZEN = "This version has been issued: edits make an amendment, which comes with signing."
FILL_FROZEN = (
    "Only a draft is filled from the records: this version has been issued, and its text "
    "no longer changes."
)


@dataclass
class Refilled:
    """What filling again did: the placeholders it filled, and those still left because
    their records are still empty (each once, in order of first use)."""

    filled: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)


@dataclass
class Saved:
    """The draft version saved, and the kinds of content the sanitiser removed."""

    version: AgreementVersion
    removed: list[str] = field(default_factory=list)


def agreement_create(
    *,
    platform: Platform,
    partnership: Partnership,
    actor,
    title: str,
    template: AgreementTemplate | None = None,
    template_version: TemplateVersion | None = None,
) -> Agreement:
    """A new agreement with version 1 as a draft: the template version's clauses (the
    template's newest when only the template is given), filled from the records."""
    platform_check(platform, partnership)
    title = " ".join((title or "").split())
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = "Give the agreement a title."
    elif len(title) > TITLE_MAX:
        errors["title"] = f"Keep the title to {TITLE_MAX} characters or fewer."
    if template is not None:
        platform_check(platform, template)
    if template_version is not None:
        platform_check(platform, template_version)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        # Read inside the platform's scope: outside a request row-level security shows
        # no rows until the platform is set.
        if template_version is None and template is not None:
            template_version = (
                TemplateVersion.objects.filter(template=template).order_by("-number").first()
            )
        if template_version is None:
            errors["template"] = "Choose the template to draft from."
        elif not template_version.template.is_active:
            errors["template"] = (
                f"“{template_version.template.name}” is retired: choose a template in use."
            )
        if errors or template_version is None:
            raise ValidationError(errors)
        context = agreement_context(partnership=partnership)
        agreement = Agreement.objects.create(
            platform=platform,
            partnership=partnership,
            form=template_version.template.form,
            title=title,
            template_version=template_version,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        version = AgreementVersion.objects.create(
            platform=platform, agreement=agreement, number=1, status=VersionStatus.DRAFT
        )
        AgreementClause.objects.bulk_create(
            AgreementClause(
                platform=platform,
                version=version,
                position=c.position,
                title=c.title,
                body=sanitise(placeholders_fill(c.body, context=context)),
            )
            for c in TemplateClause.objects.filter(version=template_version).order_by("position")
        )
    return agreement


def agreement_clauses_update(
    *,
    platform: Platform,
    actor,
    version: AgreementVersion,
    clauses: Iterable[Mapping[str, str]],
) -> Saved:
    """Replace a draft's clauses with these, in order. All or nothing: a refused clause
    (no title, too long, an unknown placeholder) refuses them all and writes nothing."""
    platform_check(platform, version)
    clauses = list(clauses)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(FROZEN)
    errors: list[str] = []
    if not clauses:
        errors.append("An agreement needs at least one clause.")
    cleaned, removed = _clauses_clean(clauses, errors)
    if errors:
        raise ValidationError(errors)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        # Locked and read again: a version issued while the form was open stays frozen.
        status = (
            AgreementVersion.objects.select_for_update()
            .filter(pk=version.pk)
            .values_list("status", flat=True)
            .first()
        )
        if status != VersionStatus.DRAFT:
            raise ValidationError(FROZEN)
        AgreementClause.objects.filter(version=version).delete()
        AgreementClause.objects.bulk_create(
            AgreementClause(
                platform=platform,
                version=version,
                position=n,
                title=c["title"],
                body=sanitise(c["body"]),
            )
            for n, c in enumerate(cleaned, start=1)
        )
        AgreementVersion.objects.filter(pk=version.pk).update(updated_at=timezone.now())
    return Saved(version=version, removed=removed)


def agreement_fill_again(*, platform: Platform, actor, version: AgreementVersion) -> Refilled:
    """Fill the placeholders still in a draft's clauses from the partnership's records as
    they are now (and from the version's signatories). Only the placeholders: text the
    brokers wrote, including values filled before, stays as it is."""
    platform_check(platform, version)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        # Locked and read again: a version issued meanwhile stays as it was issued.
        locked = (
            AgreementVersion.objects.select_for_update()
            .select_related("agreement__partnership__platform")
            .get(pk=version.pk)
        )
        if locked.status != VersionStatus.DRAFT:
            raise ValidationError(FILL_FROZEN)
        context = agreement_context(partnership=locked.agreement.partnership, version=locked)
        result = Refilled()
        changed = []
        now = timezone.now()
        for clause in AgreementClause.objects.filter(version=locked).order_by("position"):
            before = placeholders_in(clause.body)
            if not before:
                continue
            body = sanitise(placeholders_fill(clause.body, context=context))
            after = placeholders_in(body)
            result.filled += [name for name in before if name not in after]
            result.left += after
            if body != clause.body:
                clause.body, clause.updated_at = body, now
                changed.append(clause)
        if changed:
            AgreementClause.objects.bulk_update(changed, ["body", "updated_at"])
            AgreementVersion.objects.filter(pk=locked.pk).update(updated_at=now)
        result.filled = list(dict.fromkeys(result.filled))
        result.left = list(dict.fromkeys(result.left))
    return result
