"""What a passed gate agreed stays agreed: every later write that would undo it is
refused (writing nothing) until the partnership moves back; a partner leaving is allowed
and flagged; a partnership that moved on takes nothing new; the checks run on locked
rows, with a fixed number of queries."""

import datetime
from typing import cast

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import (
    Activity,
    Commitment,
    GovernanceBody,
    Objective,
    Partner,
    Partnership,
    Resource,
    Seat,
    Stage,
    StageMove,
)
from partnerships.services import commitments, governance, partners, resources, workplan
from partnerships.services.gates import Missing
from partnerships.services.journey import (
    broken_since,
    gates_still_met,
    partnership_move,
)
from platforms.tenancy import tenant, unscoped
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    ObjectiveFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    ResourceFactory,
)
from tests.partnerships.test_journey_gates import ready_partnership
from tests.partnerships.workplan_helpers import rows

pytestmark = pytest.mark.django_db

JOINED = datetime.date(2024, 1, 1)
MODELS = (Partnership, Partner, Objective, Activity, Resource, Commitment, GovernanceBody, Seat)


def everything() -> list:
    return [rows(model) for model in (*MODELS, StageMove)]


@pytest.fixture(autouse=True)
def scoped(world):
    """The services run as in a request to platform A: inside its scope."""
    with tenant(world.a.platform.pk):
        yield


def still_met(partnership) -> list[tuple[int, Missing]]:
    with tenant(partnership.platform_id):
        return gates_still_met(partnership=partnership)


@pytest.fixture
def agreed(world):
    """A's partnership at stage 7 (every gate up to the agreement passed): Sarvodaya
    (core, with a resource), WFP (funder, whose only contribution is one specific
    commitment), one objective with one activity, one body with a decision rule."""
    partnership = ready_partnership(world.a.platform, stage=Stage.AGREEMENT)
    with unscoped():
        Partner.objects.filter(partnership=partnership).update(joined_on=JOINED)
        sarvodaya = Partner.objects.get(partnership=partnership)
        resource = Resource.objects.get(partnership=partnership)
        objective = Objective.objects.get(partnership=partnership)
        activity = Activity.objects.get(partnership=partnership)
        body = GovernanceBody.objects.get(partnership=partnership)
    wfp = PartnerFactory(
        partnership=partnership, organisation__name="WFP", role="funder", joined_on=JOINED
    )
    commitment = CommitmentFactory(partner=wfp, what="Fund the school meals")
    return {
        "partnership": partnership,
        "sarvodaya": sarvodaya,
        "wfp": wfp,
        "resource": resource,
        "commitment": commitment,
        "objective": objective,
        "activity": activity,
        "body": body,
    }


def refused(call) -> ValidationError:
    """The call is refused and nothing at all is written."""
    before = everything()
    with pytest.raises(ValidationError) as error:
        call()
    assert everything() == before
    return error.value


def undo(stage: int, *missing: str) -> str:
    return (
        f"This would undo what stage {stage} agreed: {' '.join(missing)} "
        f"Move the partnership back to stage {stage} first."
    )


def act(world):
    return {"platform": world.a.platform, "actor": world.a.broker.user}


# ---- gates_still_met ------------------------------------------------------------------


def test_nothing_is_missing_once_every_gate_was_met(world, agreed):
    assert still_met(agreed["partnership"]) == []


def test_it_names_what_a_passed_gate_misses_with_the_stage_that_agreed_it(world):
    partnership = PartnershipFactory(
        platform=world.a.platform, stage=Stage.STRUCTURE, vision="", purpose="Meals."
    )
    partner = PartnerFactory(partnership=partnership, organisation__name="WFP", role="")
    assert still_met(partnership) == [
        (2, Missing("No agreed vision yet.", "partnership_vision", anchor="id_vision")),
        (4, Missing("No objective yet.", "objective_create")),
        (5, Missing("WFP has no role yet.", "partner_edit", args=(str(partner.public_id),))),
        (
            5,
            Missing(
                "WFP has no resource or specific commitment yet.",
                "resource_create",
                query=f"partner={partner.public_id}",
            ),
        ),
    ]


def test_gates_not_passed_yet_are_not_checked(world):
    # At stage 4 only the gates into 2, 3 and 4 were passed; the agreement placeholder
    # (into 8) never counts, even at stage 10.
    partnership = PartnershipFactory(platform=world.a.platform, stage=Stage.OBJECTIVES)
    assert [stage for stage, _ in still_met(partnership)] == [1, 2, 3]
    finished = ready_partnership(world.a.platform, stage=Stage.MOVING_ON)
    assert still_met(finished) == []


def test_it_runs_a_fixed_number_of_queries(world):
    def count(how_many: int) -> int:
        partnership = ready_partnership(world.a.platform, stage=Stage.MOVING_ON)
        for _ in range(how_many):
            PartnerFactory(partnership=partnership, role="")
        with tenant(world.a.platform.pk), CaptureQueriesContext(connection) as queries:
            assert len(gates_still_met(partnership=partnership)) == 2 * how_many
        return len(queries)

    assert count(2) == count(25) <= 4


# ---- Writes that would undo a passed gate ----------------------------------------------


def test_clearing_a_partners_role_is_refused(world, agreed):
    partner = agreed["sarvodaya"]
    error = refused(
        lambda: partners.partner_update(**act(world), partner=partner, role="", aims="Meals")
    )
    assert error.message_dict == {"role": [undo(5, "Sarvodaya has no role yet.")]}
    assert partner.role == "core" and partner.aims == ""  # shows what is stored


def test_adding_a_partner_without_a_role_past_stage_5_is_refused(world, agreed):
    organisation = OrganisationFactory(
        platform=world.a.platform, name="Ministry of Health", screening_status="cleared"
    )
    add = {"partnership": agreed["partnership"], "organisation": organisation, **act(world)}
    error = refused(lambda: partners.partner_add(**add))
    assert error.message_dict == {"role": [undo(5, "Ministry of Health has no role yet.")]}
    # With a role it joins; that it brings nothing yet is shown on the journey page.
    partner = partners.partner_add(**add, role="implementing")
    assert still_met(agreed["partnership"]) == [
        (
            5,
            Missing(
                "Ministry of Health has no resource or specific commitment yet.",
                "resource_create",
                query=f"partner={partner.public_id}",
            ),
        )
    ]


def test_a_role_may_be_cleared_before_stage_5_agreed_it(world, agreed):
    partnership = agreed["partnership"]
    with unscoped():
        Partnership.objects.filter(pk=partnership.pk).update(stage=Stage.RESOURCES)
    partnership.stage = Stage.RESOURCES
    partners.partner_update(**act(world), partner=agreed["sarvodaya"], role="")
    with unscoped():
        assert Partner.objects.get(pk=agreed["sarvodaya"].pk).role == ""


def test_moving_a_partners_only_commitment_elsewhere_is_refused(world, agreed):
    commitment = agreed["commitment"]
    expected = [undo(5, "WFP has no resource or specific commitment yet.")]
    error = refused(
        lambda: commitments.commitment_update(
            **act(world), commitment=commitment, partner=agreed["sarvodaya"]
        )
    )
    assert error.messages == expected
    assert commitment.partner == agreed["wfp"]
    error = refused(
        lambda: commitments.commitment_update(
            **act(world), commitment=commitment, kind="common", partner=None
        )
    )
    assert error.messages == expected
    assert commitment.kind == "specific"


def test_a_change_that_keeps_the_contribution_is_allowed(world, agreed):
    commitments.commitment_update(**act(world), commitment=agreed["commitment"], status="on_track")
    ResourceFactory(partner=agreed["wfp"])
    commitments.commitment_update(
        **act(world), commitment=agreed["commitment"], kind="common", partner=None
    )
    with unscoped():
        assert Commitment.objects.get(pk=agreed["commitment"].pk).kind == "common"


def test_deleting_a_partners_only_commitment_is_refused(world, agreed):
    commitment = agreed["commitment"]
    error = refused(lambda: commitments.commitment_delete(**act(world), commitment=commitment))
    assert error.messages == [undo(5, "WFP has no resource or specific commitment yet.")]
    assert commitment.pk is not None


def test_deleting_or_moving_a_partners_only_resource_is_refused(world, agreed):
    resource = agreed["resource"]
    expected = [undo(5, "Sarvodaya has no resource or specific commitment yet.")]
    error = refused(lambda: resources.resource_delete(**act(world), resource=resource))
    assert error.messages == expected and resource.pk is not None
    error = refused(
        lambda: resources.resource_update(**act(world), resource=resource, partner=agreed["wfp"])
    )
    assert error.message_dict == {"partner": expected}
    assert resource.partner == agreed["sarvodaya"]


def test_deleting_the_last_objective_or_activity_is_refused(world, agreed):
    expected = [undo(4, "No objective has an activity yet.")]
    error = refused(lambda: workplan.activity_delete(**act(world), activity=agreed["activity"]))
    assert error.messages == expected
    error = refused(lambda: workplan.objective_delete(**act(world), objective=agreed["objective"]))
    assert error.messages == [undo(4, "No objective yet.")]
    # Another objective with an activity: the first may go.
    ActivityFactory(objective=ObjectiveFactory(partnership=agreed["partnership"]))
    workplan.objective_delete(**act(world), objective=agreed["objective"])
    with unscoped():
        assert not Objective.objects.filter(pk=agreed["objective"].pk).exists()


def test_clearing_the_last_decision_rule_or_deleting_the_body_is_refused(world, agreed):
    body = agreed["body"]
    error = refused(lambda: governance.body_update(**act(world), body=body, decision_rule=""))
    assert error.message_dict == {
        "decision_rule": [undo(6, "No governance body has a decision rule yet.")]
    }
    assert body.decision_rule == "formal_consensus"
    error = refused(lambda: governance.body_delete(**act(world), body=body))
    assert error.messages == [undo(6, "No governance body yet.")]
    assert body.pk is not None


def test_moving_back_reopens_what_the_stage_agreed(world, agreed):
    partnership = agreed["partnership"]
    partnership_move(
        **act(world), partnership=partnership, to_stage=Stage.STRUCTURE, note="New rule."
    )
    governance.body_update(**act(world), body=agreed["body"], decision_rule="")
    with unscoped():
        assert GovernanceBody.objects.get(pk=agreed["body"].pk).decision_rule == ""


def test_what_was_already_missing_does_not_block_other_edits(world, agreed):
    # Placed at stage 7 by an import with a partner that has no role: editing what
    # another partner brings is not blamed for it.
    PartnerFactory(
        partnership=agreed["partnership"], organisation__name="Old", role="", joined_on=JOINED
    )
    partners.partner_update(**act(world), partner=agreed["sarvodaya"], aims="School meals")
    with unscoped():
        assert Partner.objects.get(pk=agreed["sarvodaya"].pk).aims == "School meals"


def test_the_check_runs_a_fixed_number_of_queries(world):
    def count(how_many: int) -> int:
        partnership = ready_partnership(world.a.platform, stage=Stage.AGREEMENT)
        for _ in range(how_many):
            ResourceFactory(partner=PartnerFactory(partnership=partnership))
        resource = cast(Resource, ResourceFactory(partner=PartnerFactory(partnership=partnership)))
        ResourceFactory(partner=resource.partner)
        with CaptureQueriesContext(connection) as queries:
            resources.resource_delete(**act(world), resource=resource)
        return len(queries)

    assert count(2) == count(20)


# ---- Leaving is allowed, and flagged ---------------------------------------------------


def test_the_last_partner_leaving_is_allowed_and_flagged(world, agreed):
    partnership = agreed["partnership"]
    for partner in (agreed["wfp"], agreed["sarvodaya"]):
        partners.partner_leave(**act(world), partner=partner, left_on=world.a.platform.today())
    with tenant(world.a.platform.pk):
        assert broken_since(partnership=partnership) == [
            (1, [Missing("No partner yet: add the organisations involved.", "partner_add")]),
            (5, [Missing("No active partner.", "partner_add")]),
        ]


# ---- A partnership that has moved on ---------------------------------------------------


@pytest.fixture
def finished(world):
    partnership = ready_partnership(world.a.platform, stage=Stage.MOVING_ON, title="Old meals")
    with unscoped():
        return (
            partnership,
            Partner.objects.get(partnership=partnership),
            Objective.objects.get(partnership=partnership),
        )


def moved_on(what: str) -> str:
    return (
        f"Old meals has moved on: its records are kept for reference, so no new {what} can "
        "be added. Move it back to an earlier stage first if the partners take it up again."
    )


def test_nothing_new_is_added_once_the_partnership_moved_on(world, finished):
    partnership, partner, objective = finished
    organisation = OrganisationFactory(platform=world.a.platform, screening_status="cleared")
    on = {"partnership": partnership, **act(world)}
    calls = {
        "partner": lambda: partners.partner_add(**on, organisation=organisation, role="core"),
        "commitment": lambda: commitments.commitment_create(
            **on, kind="specific", partner=partner, what="More meals"
        ),
        "objective": lambda: workplan.objective_create(**on, title="More meals"),
        "activity": lambda: workplan.activity_create(
            **act(world), objective=objective, title="Cook"
        ),
        "resource": lambda: resources.resource_create(
            **on, partner=partner, type="cash", description="Funds"
        ),
        "governance body": lambda: governance.body_create(
            **on, name="Board", type="steering_committee"
        ),
    }
    for what, call in calls.items():
        assert refused(call).messages == [moved_on(what)], what


# ---- Dates in range, and written one way -----------------------------------------------


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field"),
    [
        (datetime.date(1, 1, 1), datetime.date(2026, 1, 1), "starts_on"),
        (datetime.date(2026, 1, 1), datetime.date(9999, 12, 31), "ends_on"),
        (datetime.date(1899, 12, 31), None, "starts_on"),
        (None, datetime.date(2101, 1, 1), "ends_on"),
    ],
)
def test_activity_dates_stay_within_1900_to_2100(world, agreed, starts_on, ends_on, field):
    error = refused(
        lambda: workplan.activity_create(
            **act(world),
            objective=agreed["objective"],
            title="Forever",
            starts_on=starts_on,
            ends_on=ends_on,
        )
    )
    assert list(error.message_dict) == [field]
    assert error.message_dict[field][0].startswith("Choose a date from 1900 to 2100.")


def test_the_widest_allowed_period_is_accepted(world, agreed):
    resources.resource_create(
        **act(world),
        partnership=agreed["partnership"],
        partner=agreed["wfp"],
        type="cash",
        description="Endowment",
        period_start=datetime.date(1900, 1, 1),
        period_end=datetime.date(2100, 12, 31),
    )


def test_resource_commitment_and_partner_dates_stay_in_range(world, agreed):
    far = datetime.date(9999, 12, 31)
    on = {"partnership": agreed["partnership"], **act(world)}
    error = refused(
        lambda: resources.resource_create(
            **on, partner=agreed["wfp"], type="cash", description="Funds", period_start=far
        )
    )
    assert list(error.message_dict) == ["period_start"]
    error = refused(
        lambda: commitments.commitment_create(
            **on, kind="specific", partner=agreed["wfp"], what="Fund", due_on=far
        )
    )
    assert list(error.message_dict) == ["due_on"]
    error = refused(
        lambda: partners.partner_update(
            **act(world), partner=agreed["wfp"], joined_on=datetime.date(1, 1, 1)
        )
    )
    assert list(error.message_dict) == ["joined_on"]


def test_partner_messages_write_dates_like_every_other_message(world):
    partner = PartnerFactory(
        partnership__platform=world.a.platform,
        joined_on=datetime.date(2024, 1, 5),
        left_on=datetime.date(2025, 3, 3),
    )
    error = refused(
        lambda: partners.partner_leave(
            **act(world), partner=partner, left_on=datetime.date(2025, 4, 1)
        )
    )
    assert error.messages == [f"{partner.organisation} already left on 3 Mar 2025."]
    active = PartnerFactory(partnership=partner.partnership, joined_on=datetime.date(2024, 1, 5))
    error = refused(
        lambda: partners.partner_leave(
            **act(world), partner=active, left_on=datetime.date(2024, 1, 1)
        )
    )
    assert error.messages == ["It joined on 5 Jan 2024: it cannot leave before that."]
