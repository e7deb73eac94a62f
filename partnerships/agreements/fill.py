"""Filling a clause's placeholders from the partnership's own records.

Every value is built as escaped HTML here (a partner named ``<script>`` stays text), lists
as ``<ul>``. A placeholder whose records are empty is left as it is: the draft then shows
``{vision}`` where the vision belongs, and the completeness check says it is missing,
rather than the agreement quietly saying nothing. A version cannot be issued while one is
left (services.signing.version_issue); filling a draft again
(services.agreements.agreement_fill_again) fills those the records now have values for.
``{signatories}`` has a value only then: a draft is made before its signatories."""

from collections import defaultdict

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from partnerships.agreements.placeholders import PATTERN
from partnerships.models import (
    Activity,
    AgreementVersion,
    Commitment,
    GovernanceBody,
    Objective,
    Partner,
    Partnership,
    Resource,
    Signatory,
)


def placeholders_fill(text: str, *, context: dict[str, str]) -> str:
    """The text with each placeholder the context has a (non-empty) value for replaced."""

    def value(match) -> str:
        filled = context.get(match.group(1))
        return str(filled) if filled else match.group(0)

    return PATTERN.sub(value, text or "")


def _ul(items: list[SafeString]) -> SafeString:
    if not items:
        return SafeString("")
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((i,) for i in items)))


def _paragraphs(text: str) -> SafeString:
    """Plain text from a record, escaped, its line breaks kept."""
    text = (text or "").strip()
    if not text:
        return SafeString("")
    return mark_safe("<br>".join(escape(line) for line in text.splitlines()))  # noqa: S308


def _name(partner: Partner) -> str:
    return partner.organisation.name


def _signatories(version: AgreementVersion | None) -> SafeString:
    """Each party with the people who sign for it, as named on the version: empty until
    it has signatories (a draft is made without; fill it again once they are named)."""
    if version is None:
        return SafeString("")
    by_party: dict[str, list[SafeString]] = defaultdict(list)
    for s in (
        Signatory.objects.filter(platform_id=version.platform_id, version=version)
        .select_related("partner__organisation")
        .order_by("partner__organisation__name", "name", "pk")
    ):
        who = format_html("{}, {}", s.name, s.title) if s.title else format_html("{}", s.name)
        if not s.required:
            who = format_html("{} (optional)", who)
        by_party[_name(s.partner)].append(who)
    return _ul(
        [
            format_html(
                "<strong>{}</strong>: {}",
                party,
                format_html_join("; ", "{}", ((w,) for w in people)),
            )
            for party, people in by_party.items()
        ]
    )


def agreement_context(
    *, partnership: Partnership, version: AgreementVersion | None = None
) -> dict[str, str]:
    """Every placeholder's value for this partnership (and, given a version, its
    signatories), in a fixed number of queries (one per kind of record, however many
    rows)."""
    platform = partnership.platform
    partners = list(
        Partner.objects.filter(partnership=partnership, left_on__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    objectives = list(Objective.objects.filter(partnership=partnership).order_by("position", "pk"))
    resources = list(
        Resource.objects.filter(partnership=partnership, partner__left_on__isnull=True)
        .select_related("partner__organisation")
        .order_by("partner__organisation__name", "pk")
    )
    bodies = list(GovernanceBody.objects.filter(partnership=partnership).order_by("name"))
    commitments = list(
        Commitment.objects.filter(partnership=partnership)
        .select_related("partner__organisation")
        .order_by("due_on", "pk")
    )
    tasks: dict[int, list[str]] = defaultdict(list)
    for partner_id, title in (
        Activity.objects.filter(partnership=partnership, responsible__left_on__isnull=True)
        .exclude(responsible=None)
        .order_by("starts_on", "pk")
        .values_list("responsible_id", "title")
    ):
        tasks[partner_id].append(title)

    parties = [
        format_html("{} ({})", _name(p), p.get_role_display() if p.role else "partner")
        for p in partners
    ]
    aims = [
        format_html("<strong>{}</strong>: {}", _name(p), _paragraphs(p.aims))
        for p in partners
        if p.aims.strip()
    ]
    roles = []
    for p in partners:
        if not p.role and not tasks[p.pk]:
            continue
        role = p.get_role_display() if p.role else "Partner"
        line = format_html("<strong>{}</strong>: {}", _name(p), role)
        if tasks[p.pk]:
            line = format_html("{}; responsible for {}", line, "; ".join(tasks[p.pk]))
        roles.append(line)
    objective_items = [
        format_html("<strong>{}</strong>: {}", o.title, _paragraphs(o.expected_results))
        if o.expected_results.strip()
        else format_html("{}", o.title)
        for o in objectives
    ]
    resource_items = []
    for r in resources:
        worth = ""
        if r.value is not None:
            worth = " (" + " ".join(filter(None, [f"{r.value:,.2f}", r.currency])) + ")"
        resource_items.append(
            format_html(
                "<strong>{}</strong>: {}, {}{}",
                _name(r.partner),
                r.get_type_display(),
                r.description,
                worth,
            )
        )
    body_items = []
    for b in bodies:
        parts = [b.get_type_display()]
        if b.decision_rule:
            parts.append("decides by " + b.get_decision_rule_display().lower())
        if b.scope:
            parts.append("on " + b.get_scope_display().lower())
        line = format_html("<strong>{}</strong>: {}", b.name, ", ".join(parts))
        if b.remit.strip():
            line = format_html("{}. {}", line, b.remit.strip())
        body_items.append(line)
    commitment_items = []
    for c in commitments:
        who = _name(c.partner) if c.partner is not None else "All partners"
        due = f" (by {c.due_on:%-d %B %Y})" if c.due_on else ""
        # A common commitment (kind "common") has no partner: it is every partner's.
        commitment_items.append(format_html("<strong>{}</strong>: {}{}", who, c.what, due))

    return {
        "partnership.title": escape(partnership.title),
        "platform.name": escape(platform.name),
        "parties": _ul(parties),
        "signatories": _signatories(version),
        "vision": _paragraphs(partnership.vision),
        "purpose": _paragraphs(partnership.purpose),
        "objectives": _ul(objective_items),
        "aims": _ul(aims),
        "roles": _ul(roles),
        "resources": _ul(resource_items),
        "governance": _ul(body_items),
        "commitments": _ul(commitment_items),
        "reporting_cadence": escape(platform.get_reporting_cadence_display().lower()),
        "date": escape(f"{platform.today():%-d %B %Y}"),
    }
