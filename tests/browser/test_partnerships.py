"""A partnership's development journey in a real browser: an assigned broker walks it from
stage 1 to stage 6 through the real pages, following the journey page's "still missing"
links to the page that records each thing, and is refused (with the missing objective
named) when trying to move on too early."""

import re

import pytest
from playwright.sync_api import Page, expect

from partnerships.models import Partnership, StageMove
from partnerships.services.access import broker_assign
from platforms.tenancy import unscoped
from tests.factories import OrganisationFactory, PartnershipFactory

pytestmark = pytest.mark.browser

TITLE = "School meals for Uva"
ORGANISATION = "Sarvodaya Shramadana"


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def tab(page: Page, name: str) -> None:
    page.get_by_role("navigation", name=TITLE).get_by_role("link", name=name, exact=True).click()


def field(page: Page, label: str):
    """A form field by its label; required fields' labels end with an asterisk."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def status(page: Page):
    return page.get_by_role("status")


def current_stage(page: Page):
    return page.locator('.journey-steps [aria-current="step"]')


def move_on(page: Page, stage: int) -> None:
    page.get_by_role("button", name=f"Move to stage {stage}").click()
    expect(status(page)).to_contain_text(f"{TITLE} moved on to stage {stage}")
    expect(current_stage(page)).to_contain_text(f"{stage}")


def fix(page: Page, missing: str) -> None:
    """Follow the journey page's link for one missing item."""
    page.locator(".gate-missing").get_by_role("link", name=missing).click()


def test_a_broker_walks_a_partnership_from_stage_one_to_six(world, live_server, page, log_in):
    OrganisationFactory(
        platform=world.a.platform, name=ORGANISATION, country="LK", screening_status="cleared"
    )
    partnership = PartnershipFactory(platform=world.a.platform, title=TITLE)
    with unscoped():
        broker_assign(platform=world.a.platform, partnership=partnership, membership=world.a.broker)
    journey = f"/p/alpha/partnerships/{partnership.public_id}/journey/"
    log_in(world.a.broker.user.email, next_path=journey)

    # Stage 1: who is involved. The gate names the missing partner and links to adding one.
    expect(heading(page)).to_have_text(TITLE)
    expect(current_stage(page)).to_contain_text("Understand the context")
    expect(current_stage(page)).to_contain_text("Current stage")
    fix(page, "No partner yet: add the organisations involved.")
    expect(heading(page)).to_have_text(f"Add a partner to {TITLE}")
    field(page, "Organisation").select_option(label=ORGANISATION)
    page.get_by_role("button", name="Add the partner").click()
    expect(status(page)).to_contain_text(f"{ORGANISATION} added as a partner")
    tab(page, "Journey")
    move_on(page, 2)
    expect(current_stage(page)).to_contain_text("Agree an overarching vision")

    # Stages 2 and 3: the vision, then the common purpose, on the vision page.
    fix(page, "No agreed vision yet.")
    expect(heading(page)).to_contain_text("Vision and common purpose")
    page.get_by_label("Overarching vision").fill(
        "Every child in Uva eats a nutritious meal at school, grown by local farmers."
    )
    page.get_by_role("button", name="Save the vision and purpose").click()
    expect(status(page)).to_contain_text("were saved")
    move_on(page, 3)
    fix(page, "No common purpose yet.")
    page.get_by_label("Common purpose").fill(
        "Link school meal programmes to smallholder farms, which no partner can do alone."
    )
    page.get_by_role("button", name="Save the vision and purpose").click()
    move_on(page, 4)

    # Stage 4: moving on too early is refused, naming the missing objective.
    move_button = page.get_by_role("button", name="Move to stage 5")
    expect(move_button).to_have_attribute("aria-disabled", "true")
    # aria-disabled, not disabled: the button stays in the tab order and a press is
    # answered with the reasons (Playwright will not click it, a keyboard user can).
    move_button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(status(page)).to_contain_text(f"{TITLE} did not move to stage 5")
    expect(status(page)).to_contain_text("No objective yet.")
    expect(current_stage(page)).to_contain_text("Agree specific objectives and activities")
    fix(page, "No objective yet.")
    field(page, "Objective").fill("Meals in 40 schools from local produce")
    page.get_by_role("button", name="Add the objective").click()
    expect(status(page)).to_contain_text("was added")
    page.get_by_role("link", name=re.compile(r"^Add an activity")).click()
    field(page, "Activity").fill("Contract farmers' cooperatives")
    page.get_by_label("Responsible partner").select_option(label=ORGANISATION)
    page.get_by_role("button", name="Add the activity").click()
    expect(status(page)).to_contain_text("was added")
    tab(page, "Journey")
    move_on(page, 5)

    # Stage 5: the partner needs a role and a contribution; both are named.
    missing = page.locator(".gate-missing")
    expect(missing).to_contain_text(f"{ORGANISATION} has no role yet.")
    expect(missing).to_contain_text(f"{ORGANISATION} has no resource or specific commitment yet.")
    fix(page, f"{ORGANISATION} has no role yet.")
    page.get_by_label("Role").select_option(label="Core partner")
    page.get_by_role("button", name="Save").click()
    tab(page, "Journey")
    expect(missing).not_to_contain_text("has no role yet")
    fix(page, f"{ORGANISATION} has no resource or specific commitment yet.")
    field(page, "Partner").select_option(label=ORGANISATION)
    field(page, "Type").select_option(label="Staff time and expertise")
    field(page, "Description").fill("Two community mobilisers for a year")
    page.get_by_role("button", name="Add the resource").click()
    expect(status(page)).to_contain_text("The resource was added")
    tab(page, "Journey")
    move_on(page, 6)

    # Stage 6: a governance body with a decision rule meets the next gate.
    fix(page, "No governance body yet.")
    field(page, "Name").fill("Steering committee")
    field(page, "Kind of body").select_option(label="Steering committee")
    page.get_by_label("Decision rule").select_option(label="Formal consensus")
    page.get_by_role("spinbutton", name=ORGANISATION).fill("2")
    page.get_by_role("button", name="Add the body").click()
    expect(status(page)).to_contain_text("“Steering committee” added")
    tab(page, "Journey")

    expect(current_stage(page)).to_contain_text("Structure the partnership")
    expect(page.locator(".journey-step-done")).to_have_count(5)
    expect(page.locator(".gate")).to_contain_text("Everything this gate needs is recorded.")
    history = page.locator("table.journey-history tbody tr")
    expect(history).to_have_count(5)
    for row, stage in zip(range(5), range(6, 1, -1), strict=True):
        expect(history.nth(row)).to_contain_text(f"Stage {stage - 1} → {stage}")
        expect(history.nth(row)).to_contain_text("Broker ALPHA")
    with unscoped():
        assert Partnership.objects.get(pk=partnership.pk).stage == 6
        moves = StageMove.objects.filter(partnership=partnership).order_by("created_at", "id")
        assert [(m.from_stage, m.to_stage, m.moved_by_id) for m in moves] == [
            (stage, stage + 1, world.a.broker.user.pk) for stage in range(1, 6)
        ]
