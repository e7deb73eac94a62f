"""The development journey: what must be recorded before a partnership may move on
(its gates), moving it along (one stage forward at a time, or back with a reason), and
what stages 2 and 3 agree (the vision and the common purpose).

A gate belongs to the stage a partnership moves INTO and checks what the stage it
leaves agreed: leaving stage 2 needs the agreed vision, leaving stage 4 an objective
with an activity, and so on (issue 4). Stage 1, understanding the context and the
alignment of interests, is done once at least one partner is recorded: understanding
the context means knowing who is involved.

Each gate is a plain function in ``GATES``, so the agreements release replaces the
placeholder check for implementation (``agreement_executed``) without touching the rest.
Every gate runs a fixed number of queries (aggregates and annotations, never one query
per partner), so ``gate_check`` costs the same for 3 partners as for 300.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from partnerships.models import (
    Activity,
    Commitment,
    CommitmentKind,
    Ending,
    GovernanceBody,
    Partner,
    Partnership,
    Resource,
    Stage,
    StageMove,
)
from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.services.common import actor_id, instance_update, platform_check

VISION_FIELDS = ("vision", "purpose")
TEXT_MAX = 4000


@dataclass(frozen=True)
class Missing:
    """One thing a gate still needs, and the page that records it.

    ``url_name`` names a page about the partnership (reversed with the platform's slug,
    the partnership's id, then ``args``); empty when no page can fix it yet."""

    message: str
    url_name: str = ""
    args: tuple[str, ...] = ()
    anchor: str = ""

    def url(self, *, platform: Platform, partnership: Partnership) -> str:
        if not self.url_name:
            return ""
        url = reverse(self.url_name, args=[platform.slug, partnership.public_id, *self.args])
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
        Missing(f"{name} has no resource or specific commitment yet.", "resource_create")
        for _, name, _, has_resource, has_commitment in rows
        if not (has_resource or has_commitment)
    ]
    return missing


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
    "Moving into implementation needs an executed partnering agreement; "
    "agreements arrive with the next release."
)


def agreement_executed(partnership: Partnership) -> list[Missing]:
    # Placeholder until the agreements release: it replaces this entry of GATES with
    # a check for an executed partnering agreement.
    return [Missing(AGREEMENT_NEEDED)]


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


def stage_name(stage: int) -> str:
    """A stage's name without its number ("Agree an overarching vision")."""
    label = str(Stage(stage).label)
    number, dot, rest = label.partition(". ")
    return rest if dot and number.isdigit() else label


class GateRefused(ValidationError):
    """A forward move whose gate is not met; ``missing`` says what it needs."""

    def __init__(self, missing: list[Missing]):
        super().__init__([item.message for item in missing])
        self.missing = missing


def _move_check(partnership: Partnership, to_stage: int, note: str, ending: str) -> None:
    current = partnership.stage
    if len(note) > TEXT_MAX:
        raise ValidationError(f"Keep the note under {TEXT_MAX} characters ({len(note)} now).")
    if to_stage == current:
        raise ValidationError(f"The partnership is already at stage {current}.")
    if to_stage < current:
        if not note:
            raise ValidationError(
                "Give the reason for moving back: the history keeps it for the partners."
            )
        return
    if to_stage != current + 1:
        raise ValidationError(
            f"The journey moves forward one stage at a time: from stage {current} the next "
            f"is stage {current + 1} ({stage_name(current + 1)})."
        )
    missing = gate_check(partnership=partnership)
    if missing:
        raise GateRefused(missing)
    if to_stage == Stage.MOVING_ON:
        errors = []
        if ending not in Ending.values:
            errors.append("Choose how the partnership ended.")
        if not note:
            errors.append("Add a note on how it ended.")
        if errors:
            raise ValidationError(errors)


def partnership_move(
    *,
    platform: Platform,
    partnership: Partnership,
    to_stage: int,
    actor,
    note: str = "",
    ending: str = "",
) -> StageMove:
    """Move the partnership along the journey and record the move.

    Forward: only to the next stage, and only when its gate is met (a refusal lists
    everything missing). Back: to any earlier stage, with the reason in ``note``. Moving
    on records how the partnership ended; moving back from there clears it. The row is
    locked so that two moves at once run one after the other, the second one judged
    against the stage the first left. A refused move writes nothing."""
    platform_check(platform, partnership)
    if isinstance(to_stage, bool) or not isinstance(to_stage, int) or to_stage not in Stage.values:
        raise ValidationError("Choose a stage of the journey.")
    note = (note or "").strip()
    ending = (ending or "").strip()
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        locked = Partnership.objects.select_for_update().get(pk=partnership.pk, platform=platform)
        _move_check(locked, to_stage, note, ending)
        from_stage = locked.stage
        locked.stage = to_stage
        locked.stage_changed_at = timezone.now()
        changed = ["stage", "stage_changed_at", "updated_at"]
        if to_stage == Stage.MOVING_ON:
            locked.ending, locked.ending_note = ending, note
            changed += ["ending", "ending_note"]
        elif locked.ending or locked.ending_note:
            locked.ending, locked.ending_note = "", ""
            changed += ["ending", "ending_note"]
        locked.save(update_fields=changed)
        move = StageMove.objects.create(
            platform=platform,
            partnership=locked,
            from_stage=from_stage,
            to_stage=to_stage,
            moved_by=actor if actor_id(actor) else None,
            note=note,
        )
    for field in ("stage", "stage_changed_at", "ending", "ending_note", "updated_at"):
        setattr(partnership, field, getattr(locked, field))
    return move


def _vision_validate(partnership: Partnership, *, before: dict[str, str]) -> None:
    # Once the journey is past the stage that agreed it, the text may be revised but not
    # emptied: the gate it passed would no longer hold. Moving back reopens it. (Only
    # emptying is refused: a field left as it was is never the editor's mistake.)
    errors: dict[str, list[str]] = {}
    for field, agreed_at, what in (
        ("vision", Stage.VISION, "vision"),
        ("purpose", Stage.PURPOSE, "common purpose"),
    ):
        value = getattr(partnership, field)
        if len(value) > TEXT_MAX:
            errors[field] = [f"Keep the {what} under {TEXT_MAX} characters ({len(value)} now)."]
        elif not value and before[field] and partnership.stage > agreed_at:
            errors[field] = [
                f"The {what} was agreed at stage {agreed_at} and the partnership has moved "
                f"on: revise it rather than empty it, or move the partnership back to stage "
                f"{agreed_at} first."
            ]
    if errors:
        raise ValidationError(errors)


def partnership_vision_update(
    *, platform: Platform, partnership: Partnership, actor, **fields
) -> Partnership:
    """Record or revise the overarching vision (stage 2) and the common purpose (stage 3)."""
    cleaned = {name: str(value or "").strip() for name, value in fields.items()}
    before = {name: getattr(partnership, name) for name in VISION_FIELDS}
    return instance_update(
        partnership,
        platform=platform,
        actor=actor,
        fields=cleaned,
        allowed=VISION_FIELDS,
        validate=lambda instance: _vision_validate(instance, before=before),
    )
