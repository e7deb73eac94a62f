"""Moving a partnership along its journey, as the service does it for every caller: one
stage forward at a time through a met gate, back with a reason, every move recorded, a
refusal writing nothing, and the row locked so that two moves cannot race."""

import threading
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from partnerships.models import Partnership, Stage, StageMove
from partnerships.services.journey import (
    GateRefused,
    partnership_move,
    partnership_vision_update,
)
from platforms.tenancy import platform_transaction, unscoped
from tests.factories import PartnerFactory, PartnershipFactory
from tests.partnerships.test_journey_gates import ready_partnership

pytestmark = pytest.mark.django_db


def stored(partnership: Partnership) -> tuple:
    with unscoped():
        row = Partnership.objects.values_list(
            "stage", "stage_changed_at", "vision", "purpose", "ending", "ending_note"
        ).get(pk=partnership.pk)
        moves = list(
            StageMove.objects.filter(partnership=partnership)
            .order_by("pk")
            .values_list("from_stage", "to_stage", "moved_by_id", "note")
        )
    return row, moves


def move(side, partnership, to_stage, **kwargs) -> StageMove:
    return partnership_move(
        platform=side.platform,
        partnership=partnership,
        to_stage=to_stage,
        actor=side.broker.user,
        **kwargs,
    )


def test_a_forward_move_is_recorded(world):
    partnership = ready_partnership(world.a.platform)
    made = move(world.a, partnership, Stage.VISION, note="Everyone is at the table.")
    (stage, changed_at, *_), moves = stored(partnership)
    assert stage == Stage.VISION == partnership.stage
    assert changed_at is not None and changed_at == partnership.stage_changed_at
    assert moves == [(1, 2, world.a.broker.user.pk, "Everyone is at the table.")]
    assert made.platform_id == world.a.platform.pk and not made.is_back


def test_the_journey_can_be_walked_to_the_agreement_stage(world):
    partnership = ready_partnership(world.a.platform)
    for stage in range(Stage.VISION, Stage.AGREEMENT + 1):
        move(world.a, partnership, stage)
    _, moves = stored(partnership)
    assert [(m[0], m[1]) for m in moves] == [(s - 1, s) for s in range(2, 8)]


@pytest.mark.parametrize("to_stage", [Stage.PURPOSE, Stage.STRUCTURE, Stage.MOVING_ON])
def test_skipping_a_stage_is_refused_and_writes_nothing(world, to_stage):
    partnership = ready_partnership(world.a.platform)
    before = stored(partnership)
    with pytest.raises(ValidationError) as refused:
        move(world.a, partnership, to_stage)
    assert refused.value.messages == [
        "The journey moves forward one stage at a time: from stage 1 the next is stage 2 "
        "(Agree an overarching vision)."
    ]
    assert stored(partnership) == before and partnership.stage == Stage.CONTEXT


def test_a_refused_gate_lists_every_missing_item_and_writes_nothing(world):
    partnership = PartnershipFactory(platform=world.a.platform, stage=Stage.RESOURCES)
    PartnerFactory(partnership=partnership, organisation__name="Ceylon Tea Growers", role="")
    PartnerFactory(partnership=partnership, organisation__name="Sarvodaya", role="core")
    before = stored(partnership)
    with pytest.raises(GateRefused) as refused:
        move(world.a, partnership, Stage.STRUCTURE)
    assert refused.value.messages == [
        "Ceylon Tea Growers has no role yet.",
        "Ceylon Tea Growers has no resource or specific commitment yet.",
        "Sarvodaya has no resource or specific commitment yet.",
    ]
    assert [item.url_name for item in refused.value.missing] == [
        "partner_edit",
        "resource_create",
        "resource_create",
    ]
    assert stored(partnership) == before


def test_implementation_is_refused_until_agreements_exist(world):
    partnership = ready_partnership(world.a.platform, stage=Stage.AGREEMENT)
    before = stored(partnership)
    with pytest.raises(GateRefused) as refused:
        move(world.a, partnership, Stage.IMPLEMENTING)
    assert refused.value.messages == [
        "Moving into implementation needs an executed partnering agreement: every required "
        "signatory has signed a version of a partnership agreement."
    ]
    assert stored(partnership) == before


def test_moving_to_the_same_stage_is_refused(world):
    partnership = ready_partnership(world.a.platform, stage=Stage.PURPOSE)
    with pytest.raises(ValidationError, match="already at stage 3"):
        move(world.a, partnership, Stage.PURPOSE)


@pytest.mark.parametrize("to_stage", [0, 11, "2", None, True])
def test_a_stage_outside_the_journey_is_refused(world, to_stage):
    partnership = ready_partnership(world.a.platform)
    before = stored(partnership)
    with pytest.raises(ValidationError, match="Choose a stage of the journey"):
        move(world.a, partnership, to_stage)
    assert stored(partnership) == before


@pytest.mark.parametrize("note", ["", "   "])
def test_moving_back_needs_a_reason(world, note):
    partnership = ready_partnership(world.a.platform, stage=Stage.STRUCTURE)
    before = stored(partnership)
    with pytest.raises(ValidationError, match="Give the reason for moving back"):
        move(world.a, partnership, Stage.PURPOSE, note=note)
    assert stored(partnership) == before


def test_a_note_too_long_is_refused(world):
    partnership = ready_partnership(world.a.platform, stage=Stage.STRUCTURE)
    before = stored(partnership)
    with pytest.raises(ValidationError, match="under 4000 characters"):
        move(world.a, partnership, Stage.PURPOSE, note="x" * 4001)
    assert stored(partnership) == before


def test_moving_back_to_any_earlier_stage_is_recorded(world):
    partnership = ready_partnership(world.a.platform, stage=Stage.STRUCTURE)
    made = move(world.a, partnership, Stage.PURPOSE, note=" The funder left; purpose reopened. ")
    assert made.is_back and partnership.stage == Stage.PURPOSE
    _, moves = stored(partnership)
    assert moves == [(6, 3, world.a.broker.user.pk, "The funder left; purpose reopened.")]
    # Forward again goes one stage at a time from where it now is.
    move(world.a, partnership, Stage.OBJECTIVES)
    assert partnership.stage == Stage.OBJECTIVES


def test_moving_on_needs_how_it_ended_and_a_note(world):
    partnership = ready_partnership(world.a.platform, stage=Stage.REVIEWING)
    before = stored(partnership)
    with pytest.raises(ValidationError) as refused:
        move(world.a, partnership, Stage.MOVING_ON, ending="vanished")
    assert refused.value.messages == [
        "Choose how the partnership ended.",
        "Add a note on how it ended.",
    ]
    assert stored(partnership) == before
    move(world.a, partnership, Stage.MOVING_ON, ending="scaled", note="Now in three districts.")
    (stage, _, _, _, ending, ending_note), _ = stored(partnership)
    assert (stage, ending, ending_note) == (10, "scaled", "Now in three districts.")
    # Reopening it clears the ending; the history keeps it.
    move(world.a, partnership, Stage.REVIEWING, note="Reopened for a second phase.")
    (stage, _, _, _, ending, ending_note), moves = stored(partnership)
    assert (stage, ending, ending_note) == (9, "", "")
    assert moves[0][3] == "Now in three districts."


def test_another_platforms_partnership_is_refused(world):
    partnership = ready_partnership(world.b.platform)
    before = stored(partnership)
    with pytest.raises(ValidationError, match="belongs to another platform"):
        move(world.a, partnership, Stage.VISION)
    assert stored(partnership) == before


def test_the_move_locks_the_partnership_row(world):
    partnership = ready_partnership(world.a.platform)
    with CaptureQueriesContext(connection) as queries:
        move(world.a, partnership, Stage.VISION)
    locking = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    assert len(locking) == 1 and '"partnerships_partnership"' in locking[0]
    # The lock comes before the gate is checked and anything is written.
    order = [q["sql"] for q in queries]
    first_write = next(i for i, sql in enumerate(order) if sql.startswith(("UPDATE", "INSERT")))
    assert order.index(locking[0]) < first_write


def test_a_second_move_is_judged_against_the_stage_the_first_left(world):
    # Two brokers load the page at stage 1 and both press "Move to stage 2": the second,
    # holding a stale copy, is judged against the stored (locked) row.
    partnership = ready_partnership(world.a.platform)
    with unscoped():
        first, second = (Partnership.objects.get(pk=partnership.pk) for _ in range(2))
    move(world.a, first, Stage.VISION)
    with pytest.raises(ValidationError, match="already at stage 2"):
        move(world.a, second, Stage.VISION)
    _, moves = stored(partnership)
    assert len(moves) == 1


def vision(side, partnership, **fields):
    return partnership_vision_update(
        platform=side.platform, partnership=partnership, actor=side.broker.user, **fields
    )


def test_the_vision_and_purpose_are_recorded(world):
    partnership = PartnershipFactory(platform=world.a.platform, stage=Stage.VISION)
    vision(world.a, partnership, vision="  A food-secure district. ", purpose="")
    (_, _, text, purpose, _, _), _ = stored(partnership)
    assert (text, purpose) == ("A food-secure district.", "")


def test_an_agreed_vision_cannot_be_emptied_once_the_journey_moved_past_it(world):
    partnership = ready_partnership(world.a.platform, stage=Stage.OBJECTIVES)
    before = stored(partnership)
    with pytest.raises(ValidationError) as refused:
        vision(world.a, partnership, vision=" ", purpose="")
    assert set(refused.value.message_dict) == {"vision", "purpose"}
    assert "move the partnership back to stage 2 first" in refused.value.message_dict["vision"][0]
    assert stored(partnership) == before
    assert partnership.vision  # the instance shows what is stored again


def test_a_field_left_empty_is_not_blamed_on_an_edit_of_the_other(world):
    # A partnership placed at stage 5 without a recorded purpose (imported, or moved by
    # an earlier release): revising its vision is not refused for the purpose.
    partnership = PartnershipFactory(
        platform=world.a.platform, stage=Stage.RESOURCES, vision="Old", purpose=""
    )
    vision(world.a, partnership, vision="New")
    assert stored(partnership)[0][2:4] == ("New", "")


def test_a_vision_too_long_is_refused(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    with pytest.raises(ValidationError, match="under 4000 characters"):
        vision(world.a, partnership, vision="x" * 4001)


def test_the_vision_of_another_platforms_partnership_is_refused(world):
    partnership = PartnershipFactory(platform=world.b.platform)
    with pytest.raises(ValidationError, match="another platform"):
        vision(world.a, partnership, vision="Ours now.")
    assert stored(partnership)[0][2] == ""


def test_the_stage_changed_time_is_the_moves(world, monkeypatch):
    moment = datetime(2025, 3, 14, 22, 30, tzinfo=UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    partnership = ready_partnership(world.a.platform)
    made = move(world.a, partnership, Stage.VISION)
    assert made.created_at == moment
    assert stored(partnership)[0][1] == moment == partnership.stage_changed_at


@pytest.mark.django_db(transaction=True)
def test_two_moves_at_once_run_one_after_the_other(world):
    """A real race on two connections: while one transaction holds the partnership's row,
    a move waits for it, then is judged against what that transaction committed."""
    partnership = ready_partnership(world.a.platform)
    holding, outcome = threading.Event(), {}
    release = threading.Event()

    def first_mover():
        try:
            with platform_transaction(world.a.platform.pk):
                Partnership.objects.select_for_update().get(pk=partnership.pk)
                holding.set()
                release.wait(10)
                Partnership.objects.filter(pk=partnership.pk).update(stage=Stage.VISION)
        finally:
            connections.close_all()

    def second_mover():
        try:
            move(world.a, partnership, Stage.VISION)
            outcome["result"] = "moved"
        except ValidationError as error:
            outcome["result"] = error.messages
        finally:
            connections.close_all()

    first = threading.Thread(target=first_mover)
    first.start()
    assert holding.wait(10)
    second = threading.Thread(target=second_mover)
    second.start()
    second.join(1.0)
    assert second.is_alive(), "the second move did not wait for the lock"
    release.set()
    first.join(10)
    second.join(10)
    assert outcome["result"] == ["The partnership is already at stage 2."]
    assert stored(partnership)[1] == []
