"""The journey's gates: what must be recorded before a partnership may move on, and
whether what the gates it passed checked still holds.

A gate belongs to the stage a partnership moves INTO and checks what the stage it
leaves agreed: leaving stage 2 needs the agreed vision, leaving stage 4 an objective
with an activity, and so on (issue 4). Stage 1, understanding the context and the
alignment of interests, is done once at least one partner is recorded: understanding
the context means knowing who is involved.

Each gate is a plain function in ``GATES``; the one into implementation
(``agreement_executed``) needs an executed partnership agreement.
Every gate runs a fixed number of queries (aggregates and annotations, never one query
per partner), so ``gate_check`` and ``gates_still_met`` cost the same for 3 partners as
for 300. Moving along and keeping what was agreed: partnerships.services.journey.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from partnerships.models import (
    Activity,
    Commitment,
    CommitmentKind,
    GovernanceBody,
    Partner,
    Partnership,
    Resource,
    Stage,
)
from platforms.models import Platform


@dataclass(frozen=True)
class Missing:
    """One thing a gate still needs, and the page that records it.

    ``url_name`` names a page about the partnership (reversed with the platform's slug,
    the partnership's id, then ``args``); empty when no page can fix it yet."""

    message: str
    url_name: str = ""
    args: tuple[str, ...] = ()
    anchor: str = ""
    query: str = ""

    def url(self, *, platform: Platform, partnership: Partnership) -> str:
        if not self.url_name:
            return ""
        url = reverse(self.url_name, args=[platform.slug, partnership.public_id, *self.args])
        if self.query:
            url = f"{url}?{self.query}"
        return f"{url}#{self.anchor}" if self.anchor else url


Gate = Callable[[Partnership], list[Missing]]


def someone_involved(partnership: Partnership) -> list[Missing]:
    active = Partner.objects.filter(
        platform_id=partnership.platform_id, partnership=partnership, left_on__isnull=True
    )
    if active.exists():
        return []
    return [Missing("No partner yet: add the organisations involved.", "partner_add")]


def vision_agreed(partnership: Partnership) -> list[Missing]:
    if partnership.vision.strip():
        return []
    return [Missing("No agreed vision yet.", "partnership_vision", anchor="id_vision")]


def purpose_agreed(partnership: Partnership) -> list[Missing]:
    if partnership.purpose.strip():
        return []
    return [Missing("No common purpose yet.", "partnership_vision", anchor="id_purpose")]


def objective_with_activity(partnership: Partnership) -> list[Missing]:
    counts = partnership.objectives.filter(platform_id=partnership.platform_id).aggregate(
        objectives=Count("pk"),
        with_activity=Count(
            "pk", filter=Q(Exists(Activity.objects.filter(objective=OuterRef("pk"))))
        ),
    )
    if counts["with_activity"]:
        return []
    if not counts["objectives"]:
        return [Missing("No objective yet.", "objective_create")]
    return [Missing("No objective has an activity yet.", "work_plan")]


def roles_and_contributions(partnership: Partnership) -> list[Missing]:
    """Every active partner has a role, and a resource or a specific commitment."""
    partners = (
        Partner.objects.filter(
            platform_id=partnership.platform_id, partnership=partnership, left_on__isnull=True
        )
        .annotate(
            has_resource=Exists(Resource.objects.filter(partner=OuterRef("pk"))),
            has_commitment=Exists(
                Commitment.objects.filter(partner=OuterRef("pk"), kind=CommitmentKind.SPECIFIC)
            ),
        )
        .order_by("organisation__name", "pk")
        .values_list("public_id", "organisation__name", "role", "has_resource", "has_commitment")
    )
    rows = list(partners)
    if not rows:
        return [Missing("No active partner.", "partner_add")]
    missing = [
        Missing(f"{name} has no role yet.", "partner_edit", args=(str(public_id),))
        for public_id, name, role, _, _ in rows
        if not role
    ]
    missing += [
        no_contribution(public_id, name)
        for public_id, name, _, has_resource, has_commitment in rows
        if not (has_resource or has_commitment)
    ]
    return missing


def no_contribution(public_id, name: str) -> Missing:
    """The partner brings nothing yet; the link opens the resource form with it chosen."""
    return Missing(
        f"{name} has no resource or specific commitment yet.",
        "resource_create",
        query=urlencode({"partner": str(public_id)}),
    )


def governance_with_rule(partnership: Partnership) -> list[Missing]:
    counts = GovernanceBody.objects.filter(
        platform_id=partnership.platform_id, partnership=partnership
    ).aggregate(bodies=Count("pk"), with_rule=Count("pk", filter=~Q(decision_rule="")))
    if counts["with_rule"]:
        return []
    if not counts["bodies"]:
        return [Missing("No governance body yet.", "body_create")]
    return [Missing("No governance body has a decision rule yet.", "governance")]


AGREEMENT_NEEDED = (
    "Moving into implementation needs an executed partnering agreement: every required "
    "signatory has signed a version of a partnership agreement."
)


def agreement_executed(partnership: Partnership) -> list[Missing]:
    """An executed version of a partnership agreement (the memorandum of understanding
    form): one query."""
    from partnerships.models import AgreementForm, AgreementVersion, VersionStatus

    executed = AgreementVersion.objects.filter(
        platform_id=partnership.platform_id,
        agreement__partnership=partnership,
        agreement__form=AgreementForm.PARTNERSHIP_AGREEMENT,
        status=VersionStatus.EXECUTED,
    )
    if executed.exists():
        return []
    return [Missing(AGREEMENT_NEEDED, "agreement_list")]


# The checks for moving INTO each stage. Stages absent here have no gate.
GATES: dict[int, tuple[Gate, ...]] = {
    Stage.VISION: (someone_involved,),
    Stage.PURPOSE: (vision_agreed,),
    Stage.OBJECTIVES: (purpose_agreed,),
    Stage.RESOURCES: (objective_with_activity,),
    Stage.STRUCTURE: (roles_and_contributions,),
    Stage.AGREEMENT: (governance_with_rule,),
    Stage.IMPLEMENTING: (agreement_executed,),
}

# What moving into each stage needs, in words (the journey page and the overview).
GATE_NEEDS: dict[int, str] = {
    Stage.VISION: "At least one partner: understanding the context means knowing who is involved.",
    Stage.PURPOSE: "An agreed vision.",
    Stage.OBJECTIVES: "A common purpose.",
    Stage.RESOURCES: "At least one objective with an activity.",
    Stage.STRUCTURE: "A role for every partner, and at least one resource or specific "
    "commitment from each.",
    Stage.AGREEMENT: "At least one governance body with a decision rule.",
    Stage.IMPLEMENTING: "An executed partnering agreement.",
    Stage.REVIEWING: "Nothing more.",
    Stage.MOVING_ON: "How the partnership ended, and a note.",
}


def gate_check(*, partnership: Partnership) -> list[Missing]:
    """What is still missing before the partnership may move to its next stage; empty
    when it may move (and at the last stage, where there is no next one)."""
    gates = GATES.get(partnership.stage + 1, ())
    return [missing for gate in gates for missing in gate(partnership)]


def gates_still_met(*, partnership: Partnership) -> list[tuple[int, Missing]]:
    """What the gates the partnership has passed would miss now, each with the stage
    that agreed it (the gate into stage N checks what stage N - 1 agreed): empty when
    everything agreed on the way still holds. The agreement gate is left out: an
    executed version stays executed (only a newer executed one supersedes it), so it
    cannot stop holding. A fixed number of queries (at most one per gate)."""
    return [
        (stage - 1, missing)
        for stage in range(Stage.VISION, partnership.stage + 1)
        for gate in GATES.get(stage, ())
        if gate is not agreement_executed
        for missing in gate(partnership)
    ]


def broken_since(*, partnership: Partnership) -> list[tuple[int, list[Missing]]]:
    """gates_still_met by the stage that agreed it, earliest first: the warning "Since
    stage N: ..." on the journey page (a partner that left, say, after stage 5)."""
    grouped: dict[int, list[Missing]] = {}
    for stage, missing in gates_still_met(partnership=partnership):
        grouped.setdefault(stage, []).append(missing)
    return sorted(grouped.items())
