"""Writes for the platform's agreement templates: the defaults, new templates, new
versions (the only way a template's text changes) and retiring a template.

A version, once saved, is never changed: an agreement remembers the version it was drafted
from, and must be able to show that text for ever."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerships.agreements.defaults import DEFAULTS, TEMPLATES
from partnerships.agreements.placeholders import placeholders_unknown, unknown_message
from partnerships.agreements.sanitise import removed_kinds, sanitise
from partnerships.models.agreements import (
    AgreementForm,
    AgreementTemplate,
    TemplateClause,
    TemplateVersion,
)
from platforms.hooks import on_platform_created
from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.services.common import actor_id, platform_check

TITLE_MAX = 200  # TemplateClause.title
NAME_MAX = 200  # AgreementTemplate.name
NOTE_MAX = 300  # TemplateVersion.note
BODY_MAX = 20_000


@dataclass
class Saved:
    """A new version, and the kinds of content the sanitiser removed from its clauses."""

    version: TemplateVersion
    removed: list[str] = field(default_factory=list)


@on_platform_created
def agreement_templates_seed(*, platform: Platform, actor=None) -> int:
    """Give a platform one template per form with its default clauses, once.
    Returns how many templates were added."""
    added = 0
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        # The platform's row locked first, as screening_criteria_seed: of two clicks on
        # "Add the default templates", the second waits, then finds them and adds none.
        Platform.objects.select_for_update().filter(pk=platform.pk).first()
        forms_present = set(
            AgreementTemplate.objects.filter(platform=platform).values_list("form", flat=True)
        )
        names = set(
            AgreementTemplate.objects.filter(platform=platform).values_list("name", flat=True)
        )
        for form, (name, description) in TEMPLATES.items():
            if form in forms_present or name in names:
                continue
            template = AgreementTemplate.objects.create(
                platform=platform, form=form, name=name, description=description
            )
            _version_write(
                template,
                actor=actor,
                note="The default clauses.",
                clauses=[{"title": t, "body": b} for t, b in DEFAULTS[form]],
            )
            added += 1
    return added


def agreement_template_create(
    *, platform: Platform, actor, name: str, form: str, description: str = ""
) -> AgreementTemplate:
    """A new template of a form, starting from that form's default clauses (version 1)."""
    name = " ".join((name or "").split())
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Give the template a name."
    elif len(name) > NAME_MAX:
        errors["name"] = f"Keep the name to {NAME_MAX} characters or fewer."
    if form not in AgreementForm.values:
        errors["form"] = "Choose one of the forms: " + ", ".join(AgreementForm.labels) + "."
    if errors:
        raise ValidationError(errors)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        if AgreementTemplate.objects.filter(platform=platform, name__iexact=name).exists():
            raise ValidationError(
                {"name": f"The platform already has a template named “{name}”: choose another."}
            )
        try:
            with transaction.atomic():  # a lost race on the unique name keeps the tx usable
                template = AgreementTemplate.objects.create(
                    platform=platform, form=form, name=name, description=(description or "").strip()
                )
        except IntegrityError:
            raise ValidationError(
                {"name": f"The platform already has a template named “{name}”."}
            ) from None
        _version_write(
            template,
            actor=actor,
            note="Started from the default clauses.",
            clauses=[{"title": t, "body": b} for t, b in DEFAULTS[form]],
        )
    return template


def template_version_create(
    *,
    platform: Platform,
    actor,
    template: AgreementTemplate,
    clauses: Iterable[Mapping[str, str]],
    note: str,
) -> Saved:
    """Save the clauses, in order, as the template's next version. All or nothing: a
    refused clause refuses the whole version and writes nothing."""
    platform_check(platform, template)
    note = " ".join((note or "").split())
    clauses = list(clauses)
    errors: list[str] = []
    if not note:
        errors.append("Say in a few words what changed: the note is kept with the version.")
    elif len(note) > NOTE_MAX:
        errors.append(f"Keep the note to {NOTE_MAX} characters or fewer.")
    if not clauses:
        errors.append("A template needs at least one clause.")
    cleaned, removed = _clauses_clean(clauses, errors)
    if errors:
        raise ValidationError(errors)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        version = _version_write(template, actor=actor, note=note, clauses=cleaned)
    return Saved(version=version, removed=removed)


def agreement_template_set_active(
    *, platform: Platform, actor, template: AgreementTemplate, is_active: bool
) -> AgreementTemplate:
    """Retire a template (no new agreements from it; its versions stay) or bring it back."""
    platform_check(platform, template)
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        template.is_active = bool(is_active)
        template.save(update_fields=["is_active", "updated_at"])
    return template


def _clauses_clean(
    clauses: list[Mapping[str, str]], errors: list[str]
) -> tuple[list[dict[str, str]], list[str]]:
    cleaned: list[dict[str, str]] = []
    removed: list[str] = []
    for n, clause in enumerate(clauses, start=1):
        title = " ".join((clause.get("title") or "").split())
        body = clause.get("body") or ""
        where = f"Clause {n}" + (f" (“{title}”)" if title else "")
        if not title:
            errors.append(f"{where}: give the section a title.")
        elif len(title) > TITLE_MAX:
            errors.append(f"{where}: keep the title to {TITLE_MAX} characters or fewer.")
        if len(body) > BODY_MAX:
            errors.append(
                f"{where}: the text is {len(body):,} characters long; keep it to "
                f"{BODY_MAX:,} or fewer (split it into several clauses)."
            )
            continue
        clean = sanitise(body)
        unknown = placeholders_unknown(title + "\n" + clean)
        if unknown:
            errors.append(f"{where}: {unknown_message(unknown)}")
        removed += [k for k in removed_kinds(body, clean) if k not in removed]
        cleaned.append({"title": title, "body": clean})
    return cleaned, removed


def _version_write(
    template: AgreementTemplate, *, actor, note: str, clauses: list[dict[str, str]]
) -> TemplateVersion:
    # The template's row locked: two admins saving at once get versions N+1 and N+2,
    # never two N+1 (the second would break the unique number).
    AgreementTemplate.objects.select_for_update().filter(pk=template.pk).first()
    last = TemplateVersion.objects.filter(template=template).order_by("-number").first()
    version = TemplateVersion.objects.create(
        platform_id=template.platform_id,
        template=template,
        number=(last.number + 1) if last else 1,
        note=note[:NOTE_MAX],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    TemplateClause.objects.bulk_create(
        TemplateClause(
            platform_id=template.platform_id,
            version=version,
            position=n,
            title=c["title"],
            body=sanitise(c["body"]),
        )
        for n, c in enumerate(clauses, start=1)
    )
    # The template's "last changed" is its newest version's.
    AgreementTemplate.objects.filter(pk=template.pk).update(updated_at=version.created_at)
    return version
