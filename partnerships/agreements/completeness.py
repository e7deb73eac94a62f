"""The completeness check run before a version is issued: each essential element of a
partnering agreement (DOMAIN.md, "Partnering agreements") rated in place, partly in place,
missing or not relevant, with the reason in words.

An element is judged from the clauses AND the records: a clause that still shows its
placeholder, or is empty, is not in place however good the records; good clauses over
thin records (two of five partners without aims) are only partly in place. Clauses are
recognised by words in their titles, so an admin's own section titles still count when
they name the element."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from django.utils.html import strip_tags

from partnerships.agreements.placeholders import PATTERN
from partnerships.models import (
    AgreementClause,
    AgreementForm,
    AgreementVersion,
    Commitment,
    GovernanceBody,
    Objective,
    Partner,
    Partnership,
    Resource,
)

Rating = Literal["in_place", "partly", "missing", "not_relevant"]
LABELS: dict[str, str] = {
    "in_place": "In place",
    "partly": "Partly in place",
    "missing": "Missing",
    "not_relevant": "Not relevant",
}

BADGES: dict[str, str] = {
    "in_place": "badge-success",
    "partly": "badge-warning",
    "missing": "badge-danger",
    "not_relevant": "",
}


@dataclass(frozen=True)
class Element:
    name: str
    rating: Rating
    why: str

    @property
    def label(self) -> str:
        return LABELS[self.rating]

    @property
    def badge(self) -> str:
        """The badge's class; the label says the same in words, never colour alone."""
        return BADGES[self.rating]


@dataclass
class Records:
    partnership: Partnership
    partners: list[Partner]
    objectives: list[Objective]
    resource_partner_ids: set[int]
    bodies: list[GovernanceBody]
    commitments: int


Judge = Callable[[Records], tuple[Rating, str]]


def _names(partners: list[Partner]) -> str:
    return ", ".join(p.organisation.name for p in partners)


def _some_of(partners: list[Partner], lacking: list[Partner], what: str) -> tuple[Rating, str]:
    if not partners:
        return "missing", "The partnership has no active partners."
    if len(lacking) == len(partners):
        return "missing", f"No partner has {what}."
    if lacking:
        return (
            "partly",
            f"{len(lacking)} of {len(partners)} partners have no {what}: {_names(lacking)}.",
        )
    return "in_place", f"All {len(partners)} partners have {what}."


def _parties(r: Records) -> tuple[Rating, str]:
    if not r.partners:
        return "missing", "The partnership has no active partners."
    if len(r.partners) == 1:
        return "partly", f"Only one partner ({_names(r.partners)}): a partnership needs two."
    return "in_place", f"{len(r.partners)} partners: {_names(r.partners)}."


def _text(field: str, what: str) -> Judge:
    def judge(r: Records) -> tuple[Rating, str]:
        if getattr(r.partnership, field).strip():
            return "in_place", f"The partnership's {what} is recorded."
        return "missing", f"The partnership has no {what} recorded."

    return judge


def _objectives(r: Records) -> tuple[Rating, str]:
    if not r.objectives:
        return "missing", "The partnership has no objectives recorded."
    bare = [o.title for o in r.objectives if not o.expected_results.strip()]
    if bare:
        return (
            "partly",
            f"{len(bare)} of {len(r.objectives)} objectives have no expected results: "
            + ", ".join(bare)
            + ".",
        )
    return "in_place", f"{len(r.objectives)} objectives, each with its expected results."


def _aims(r: Records) -> tuple[Rating, str]:
    return _some_of(r.partners, [p for p in r.partners if not p.aims.strip()], "recorded aims")


def _roles(r: Records) -> tuple[Rating, str]:
    return _some_of(r.partners, [p for p in r.partners if not p.role], "recorded role")


def _resources(r: Records) -> tuple[Rating, str]:
    lacking = [p for p in r.partners if p.pk not in r.resource_partner_ids]
    return _some_of(r.partners, lacking, "recorded resources")


def _governance(r: Records) -> tuple[Rating, str]:
    if not r.bodies:
        return "missing", "The partnership has no governance body recorded."
    ruleless = [b.name for b in r.bodies if not b.decision_rule]
    if ruleless:
        return "partly", "No decision rule recorded for: " + ", ".join(ruleless) + "."
    return "in_place", f"{len(r.bodies)} governance bodies, each with its decision rule."


def _commitments(r: Records) -> tuple[Rating, str]:
    if not r.commitments:
        return "missing", "The partnership has no commitments recorded."
    return "in_place", f"{r.commitments} commitments recorded."


def _reporting(r: Records) -> tuple[Rating, str]:
    cadence = r.partnership.platform.get_reporting_cadence_display().lower()
    if not r.commitments:
        return "partly", f"Reporting is {cadence}, but no commitments are recorded to report on."
    return "in_place", f"Reporting is {cadence}, on {r.commitments} recorded commitments."


def _clause_only(r: Records) -> tuple[Rating, str]:
    return "in_place", "The agreement has a clause on it."


# name, title words, placeholders, judge from records, forms it is not relevant to
ELEMENTS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], Judge, frozenset[str]], ...] = (
    ("Parties", ("parties", "party"), ("parties",), _parties, frozenset({AgreementForm.WORK_PLAN})),
    ("Vision", ("vision",), ("vision",), _text("vision", "vision"),
     frozenset({AgreementForm.WORK_PLAN, AgreementForm.CONTRACT})),
    ("Common purpose", ("purpose",), ("purpose",), _text("purpose", "common purpose"),
     frozenset({AgreementForm.WORK_PLAN})),
    ("Objectives", ("objective", "scope", "deliverable"), ("objectives",), _objectives,
     frozenset()),
    ("Individual aims", ("aim",), ("aims",), _aims,
     frozenset({AgreementForm.WORK_PLAN, AgreementForm.CONTRACT})),
    ("Roles and responsibilities", ("role", "responsib"), ("roles",), _roles, frozenset()),
    ("Resources", ("resource", "payment"), ("resources",), _resources, frozenset()),
    ("Governance and decision-making", ("governance", "decision"), ("governance",),
     _governance, frozenset({AgreementForm.WORK_PLAN, AgreementForm.CONTRACT})),
    ("Commitments", ("commitment", "accountab"), ("commitments",), _commitments, frozenset()),
    ("Accountability, monitoring and reporting", ("accountab", "monitor", "report"),
     ("reporting_cadence",), _reporting, frozenset()),
    ("Dispute resolution", ("dispute",), (), _clause_only, frozenset({AgreementForm.WORK_PLAN})),
    ("Duration and exit", ("duration", "exit", "termination", "review"), ("date",),
     _clause_only, frozenset()),
)  # fmt: skip

NOT_RELEVANT: dict[str, str] = {
    AgreementForm.WORK_PLAN: "A work plan is an annex to the partnership agreement, "
    "which covers this.",
    AgreementForm.CONTRACT: "A contract for specific work does not need this.",
}


def _records(partnership: Partnership) -> Records:
    partners = list(
        Partner.objects.filter(partnership=partnership, left_on__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return Records(
        partnership=partnership,
        partners=partners,
        objectives=list(Objective.objects.filter(partnership=partnership).order_by("position")),
        resource_partner_ids=set(
            Resource.objects.filter(partnership=partnership).values_list("partner_id", flat=True)
        ),
        bodies=list(GovernanceBody.objects.filter(partnership=partnership).order_by("name")),
        commitments=Commitment.objects.filter(partnership=partnership).count(),
    )


def _clause_problem(
    clauses: list[AgreementClause], words: tuple[str, ...], placeholders: tuple[str, ...]
) -> tuple[Rating, str] | None:
    """What is wrong with the clauses on an element, or None when they are fine."""
    for clause in clauses:
        left = [p for p in PATTERN.findall(clause.body) if p in placeholders]
        if left:
            return (
                "partly",
                f"The clause “{clause.title}” still shows {{{left[0]}}}: "
                "the records it is filled from are empty.",
            )
    matching = [c for c in clauses if any(w in c.title.lower() for w in words)]
    if not matching:
        return "missing", "No clause of the agreement covers it."
    if not any(strip_tags(c.body).strip() for c in matching):
        return "missing", f"The clause “{matching[0].title}” is empty."
    return None


def completeness_check(*, version: AgreementVersion) -> list[Element]:
    """Each essential element, rated, with the reason."""
    agreement = version.agreement
    clauses = list(AgreementClause.objects.filter(version=version).order_by("position"))
    records = _records(agreement.partnership)
    elements = []
    for name, words, placeholders, judge, irrelevant_to in ELEMENTS:
        if agreement.form in irrelevant_to:
            elements.append(Element(name, "not_relevant", NOT_RELEVANT[agreement.form]))
            continue
        problem = _clause_problem(clauses, words, placeholders)
        rating, why = judge(records)
        if problem is not None and problem[0] == "missing":
            rating, why = problem
        elif problem is not None:
            rating, why = "partly" if rating == "in_place" else rating, f"{problem[1]} {why}"
        elements.append(Element(name, rating, re.sub(r"\s+", " ", why).strip()))
    return elements
