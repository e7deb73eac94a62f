"""The journey's gates on their own: what each one asks for, named item by item with the
page that records it, and a fixed number of queries however many partners there are."""

from typing import cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Partnership, Stage
from partnerships.services.journey import AGREEMENT_NEEDED, Missing, gate_check
from platforms.tenancy import tenant
from tests.factories import (
    ActivityFactory,
    CommitmentFactory,
    GovernanceBodyFactory,
    ObjectiveFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    ResourceFactory,
)

pytestmark = pytest.mark.django_db


def ready_partnership(platform, stage: int = Stage.CONTEXT, **fields) -> Partnership:
    """A partnership at ``stage`` with everything every gate asks for recorded (except
    the partnering agreement: test_signing_gate.py)."""
    agreed = {
        "vision": "Every household in the district eats well all year round.",
        "purpose": "Join up school meals, local farming and nutrition advice.",
    }
    partnership = cast(
        Partnership, PartnershipFactory(platform=platform, stage=stage, **{**agreed, **fields})
    )
    partner = PartnerFactory(
        partnership=partnership,
        organisation__name="Sarvodaya",
        role="core",
    )
    ResourceFactory(partner=partner, description="Village volunteers")
    ActivityFactory(objective=ObjectiveFactory(partnership=partnership))
    GovernanceBodyFactory(partnership=partnership, decision_rule="formal_consensus")
    return partnership


def check(partnership: Partnership) -> list[Missing]:
    with tenant(partnership.platform_id):
        return gate_check(partnership=partnership)


def messages(partnership: Partnership) -> list[str]:
    return [item.message for item in check(partnership)]


def test_into_vision_needs_someone_involved(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    assert check(partnership) == [
        Missing("No partner yet: add the organisations involved.", "partner_add")
    ]
    PartnerFactory(partnership=partnership, left_on="2025-01-01", joined_on="2024-01-01")
    assert messages(partnership) == ["No partner yet: add the organisations involved."]
    PartnerFactory(partnership=partnership)
    assert check(partnership) == []


@pytest.mark.parametrize("blank", ["", "   \n "])
def test_into_purpose_needs_the_agreed_vision(world, blank):
    partnership = PartnershipFactory(platform=world.a.platform, stage=Stage.VISION, vision=blank)
    assert check(partnership) == [
        Missing("No agreed vision yet.", "partnership_vision", anchor="id_vision")
    ]
    partnership.vision = "A food-secure district."
    assert check(partnership) == []


def test_into_objectives_needs_the_common_purpose(world):
    partnership = PartnershipFactory(
        platform=world.a.platform, stage=Stage.PURPOSE, vision="A food-secure district."
    )
    assert check(partnership) == [
        Missing("No common purpose yet.", "partnership_vision", anchor="id_purpose")
    ]
    partnership.purpose = "School meals from local farms."
    assert check(partnership) == []


def test_into_resources_needs_an_objective_with_an_activity(world):
    partnership = PartnershipFactory(platform=world.a.platform, stage=Stage.OBJECTIVES)
    assert check(partnership) == [Missing("No objective yet.", "objective_create")]
    objective = ObjectiveFactory(partnership=partnership)
    ObjectiveFactory(partnership=partnership)
    assert check(partnership) == [Missing("No objective has an activity yet.", "work_plan")]
    ActivityFactory(objective=objective)
    assert check(partnership) == []


def test_an_activity_of_another_partnership_does_not_count(world):
    partnership = PartnershipFactory(platform=world.a.platform, stage=Stage.OBJECTIVES)
    ObjectiveFactory(partnership=partnership)
    ActivityFactory(objective__partnership__platform=world.a.platform)
    ActivityFactory(objective__partnership__platform=world.b.platform)
    assert messages(partnership) == ["No objective has an activity yet."]


def test_into_structure_names_every_partner_without_a_role_or_a_contribution(world):
    partnership = PartnershipFactory(platform=world.a.platform, stage=Stage.RESOURCES)

    def partner(name: str, role: str):
        organisation = OrganisationFactory(platform=world.a.platform, name=name)
        return PartnerFactory(partnership=partnership, organisation=organisation, role=role)

    no_role = partner("Ceylon Tea Growers", "")
    with_resource = partner("World Food Programme", "funder")
    ResourceFactory(partner=with_resource)
    with_commitment = partner("Ministry of Health", "core")
    CommitmentFactory(partner=with_commitment, kind="specific")
    # A common commitment binds everyone and so is nobody's own contribution.
    only_common = partner("Sarvodaya", "implementing")
    CommitmentFactory(
        partner=None, partnership=partnership, platform=world.a.platform, kind="common"
    )
    PartnerFactory(partnership=partnership, role="", joined_on="2025-01-01", left_on="2025-02-01")
    assert check(partnership) == [
        Missing(
            "Ceylon Tea Growers has no role yet.", "partner_edit", args=(str(no_role.public_id),)
        ),
        Missing(
            "Ceylon Tea Growers has no resource or specific commitment yet.",
            "resource_create",
            query=f"partner={no_role.public_id}",
        ),
        Missing(
            "Sarvodaya has no resource or specific commitment yet.",
            "resource_create",
            query=f"partner={only_common.public_id}",
        ),
    ]
    assert only_common.role  # it is named for its contribution only


def test_the_missing_contribution_links_to_the_resource_form_with_the_partner_chosen(world):
    partnership = PartnershipFactory(platform=world.a.platform, stage=Stage.RESOURCES)
    partner = PartnerFactory(partnership=partnership, role="core")
    (item,) = check(partnership)
    assert item.url(platform=world.a.platform, partnership=partnership) == (
        reverse("resource_create", args=[world.a.platform.slug, partnership.public_id])
        + f"?partner={partner.public_id}"
    )


def test_into_structure_with_no_active_partner(world):
    partnership = PartnershipFactory(platform=world.a.platform, stage=Stage.RESOURCES)
    assert check(partnership) == [Missing("No active partner.", "partner_add")]


def test_into_agreement_needs_a_body_with_a_decision_rule(world):
    partnership = PartnershipFactory(platform=world.a.platform, stage=Stage.STRUCTURE)
    assert check(partnership) == [Missing("No governance body yet.", "body_create")]
    GovernanceBodyFactory(partnership=partnership, decision_rule="")
    assert check(partnership) == [
        Missing("No governance body has a decision rule yet.", "governance")
    ]
    GovernanceBodyFactory(partnership=partnership, decision_rule="simple_majority")
    assert check(partnership) == []


def test_into_implementation_needs_an_executed_agreement(world):
    # Passing it with an executed agreement: tests/partnerships/test_signing_gate.py.
    partnership = ready_partnership(world.a.platform, stage=Stage.AGREEMENT)
    assert check(partnership) == [Missing(AGREEMENT_NEEDED, "agreement_list")]
    assert "executed partnering agreement" in AGREEMENT_NEEDED


@pytest.mark.parametrize("stage", [Stage.IMPLEMENTING, Stage.REVIEWING, Stage.MOVING_ON])
def test_no_recorded_gate_after_implementation(world, stage):
    # Moving on asks for how it ended and a note, given with the move itself.
    assert check(PartnershipFactory(platform=world.a.platform, stage=stage)) == []


@pytest.mark.parametrize("stage", range(Stage.CONTEXT, Stage.AGREEMENT))
def test_a_partnership_with_everything_recorded_passes_every_gate(world, stage):
    assert check(ready_partnership(world.a.platform, stage=stage)) == []


def test_missing_links_to_the_page_that_fixes_it(world):
    partnership = PartnershipFactory(platform=world.a.platform)
    base = f"/p/alpha/partnerships/{partnership.public_id}"
    vision = Missing("No agreed vision yet.", "partnership_vision", anchor="id_vision")
    assert vision.url(platform=world.a.platform, partnership=partnership) == (
        f"{base}/vision/#id_vision"
    )
    partner = PartnerFactory(partnership=partnership)
    edit = Missing("x", "partner_edit", args=(str(partner.public_id),))
    assert edit.url(platform=world.a.platform, partnership=partnership) == (
        f"{base}/partners/{partner.public_id}/edit/"
    )
    assert Missing(AGREEMENT_NEEDED).url(platform=world.a.platform, partnership=partnership) == ""


def _partners_without_contributions(platform, count: int) -> Partnership:
    partnership = cast(Partnership, PartnershipFactory(platform=platform, stage=Stage.RESOURCES))
    for index in range(count):
        partner = PartnerFactory(partnership=partnership, role="" if index % 2 else "core")
        if index % 3 == 0:
            ResourceFactory(partner=partner)
    return partnership


def test_the_gate_check_runs_a_fixed_number_of_queries(world):
    counts = []
    for size in (3, 20):
        partnership = _partners_without_contributions(world.a.platform, size)
        with tenant(world.a.platform.pk), CaptureQueriesContext(connection) as queries:
            missing = gate_check(partnership=partnership)
        assert len(missing) > 2
        counts.append(len(queries))
    assert counts[0] == counts[1] == 1
