"""The development journey: moving a partnership along (one stage forward at a time
through its gate, or back with a reason), what stages 2 and 3 agree (the vision and the
common purpose), and keeping what the passed gates checked.

The gates themselves live in partnerships.services.gates (imported here too). Once a
gate is passed, a later write may not undo what it checked (delete the only activity,
clear a partner's role...): such writes run inside ``gates_kept``, which refuses
them; the partnership must first move back to the stage that agreed it. A partner
leaving is the exception: people leave, so it is allowed and the journey page flags it
("Since stage N: ...", from ``broken_since``).
"""

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils import timezone

from partnerships.models import Ending, Partnership, Stage, StageMove
from partnerships.services.gates import (
    AGREEMENT_NEEDED,
    GATE_NEEDS,
    GATES,
    Missing,
    broken_since,
    gate_check,
    gates_still_met,
)
from platforms.models import Platform
from platforms.tenancy import platform_transaction
from stakeholders.services.common import (
    actor_id,
    fields_check,
    instance_update,
    platform_check,
    restored_if_refused,
)

__all__ = [
    "AGREEMENT_NEEDED",
    "GATES",
    "GATE_NEEDS",
    "GateRefused",
    "Missing",
    "broken_since",
    "gate_check",
    "gates_kept",
    "gates_still_met",
    "kept_delete",
    "kept_update",
    "partnership_lock",
    "partnership_move",
    "partnership_vision_update",
    "stage_name",
    "still_going_check",
]

VISION_FIELDS = ("vision", "purpose")
TEXT_MAX = 4000


def partnership_lock(*, platform: Platform, partnership: Partnership) -> Partnership:
    """The partnership's row, locked until the transaction ends: a write that must not
    undo a gate and a move that checks one run one after the other, each seeing what the
    other committed. Call inside platform_transaction."""
    platform_check(platform, partnership)
    return Partnership.objects.select_for_update().get(pk=partnership.pk, platform=platform)


MOVED_ON = (
    "{title} has moved on: its records are kept for reference, so no new {what} can be "
    "added. Move it back to an earlier stage first if the partners take it up again."
)


def still_going_check(partnership: Partnership, *, what: str) -> None:
    """Refuse a new record once the partnership has moved on (stage 10)."""
    if partnership.stage >= Stage.MOVING_ON:
        raise ValidationError(MOVED_ON.format(title=partnership.title, what=what))


def _undone(broken: list[tuple[int, Missing]]) -> list[str]:
    grouped: dict[int, list[str]] = {}
    for stage, missing in broken:
        grouped.setdefault(stage, []).append(missing.message)
    return [
        f"This would undo what stage {stage} agreed: {' '.join(messages)} "
        f"Move the partnership back to stage {stage} first."
        for stage, messages in sorted(grouped.items())
    ]


@contextmanager
def gates_kept(
    *,
    platform: Platform,
    partnership: Partnership,
    field: str | None = None,
    excused: Collection[Missing] = (),
    adding: str = "",
) -> Iterator[Partnership]:
    """Around a write, inside its transaction: lock the partnership, and once the write
    is made (before it commits) refuse it when it broke what a passed gate checks. The
    ValidationError rolls the transaction back, so a refused write writes nothing.

    Only what the write breaks is refused: what was already missing (a partnership
    placed at a stage by an import, a partner that left) does not block unrelated
    edits; the journey page shows it instead. ``excused`` may newly go missing (a new
    partner has brought nothing yet). With ``adding`` (what the write adds), a
    partnership that has moved on refuses it. Yields the locked row."""
    locked = partnership_lock(platform=platform, partnership=partnership)
    if adding:
        still_going_check(locked, what=adding)
    before = set(gates_still_met(partnership=locked))
    yield locked
    if locked.stage < Stage.VISION:
        return
    broken = [
        (stage, missing)
        for stage, missing in gates_still_met(partnership=locked)
        if (stage, missing) not in before and missing not in excused
    ]
    if broken:
        messages = _undone(broken)
        raise ValidationError({field: messages} if field else messages)


def kept_update(
    instance,
    *,
    platform: Platform,
    partnership: Partnership,
    actor,
    fields: Mapping,
    allowed: Collection[str],
    field: str | None = None,
    **steps,
):
    """instance_update (``steps``: validate, also_changed), refused when the change
    undoes what a passed gate checks; the instance then shows the stored values again."""
    fields_check(fields, allowed=allowed, what=str(instance._meta.verbose_name))
    platform_check(platform, instance, partnership)
    with (
        restored_if_refused([instance], fields),
        platform_transaction(platform.pk, user_id=actor_id(actor)),
        gates_kept(platform=platform, partnership=partnership, field=field),
    ):
        return instance_update(
            instance, platform=platform, actor=actor, fields=fields, allowed=allowed, **steps
        )


def kept_delete(instance, *, platform: Platform, partnership: Partnership, actor) -> None:
    """Delete the instance (and what cascades from it), refused when that undoes what a
    passed gate checks; the instance then keeps its id, as nothing was deleted."""
    platform_check(platform, instance, partnership)
    pk = instance.pk
    try:
        with (
            platform_transaction(platform.pk, user_id=actor_id(actor)),
            gates_kept(platform=platform, partnership=partnership),
        ):
            instance.delete()
    except ValidationError:
        instance.pk = pk
        raise


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
    """Record or revise the overarching vision (stage 2) and the common purpose (stage 3).

    Judged against the stored row, locked: a move committed since the page was loaded,
    or running now, decides whether a text may be emptied, not the stage the caller
    read. On refusal the caller's partnership is left as it was."""
    platform_check(platform, partnership)
    cleaned = {name: str(value or "").strip() for name, value in fields.items()}
    with platform_transaction(platform.pk, user_id=actor_id(actor)):
        locked = partnership_lock(platform=platform, partnership=partnership)
        before = {name: getattr(locked, name) for name in VISION_FIELDS}
        instance_update(
            locked,
            platform=platform,
            actor=actor,
            fields=cleaned,
            allowed=VISION_FIELDS,
            validate=lambda instance: _vision_validate(instance, before=before),
        )
    for name in (*VISION_FIELDS, "stage", "updated_at"):
        setattr(partnership, name, getattr(locked, name))
    return partnership
