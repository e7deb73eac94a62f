"""The stakeholders pages in a real browser: a broker registers an organisation, screens
it, places it on a stakeholder map whose chart then shows it, and logs an interaction
whose follow-up appears on the home page until it is marked done."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from platforms.tenancy import unscoped
from stakeholders.models import Interaction, Organisation, Position, ScreeningDecision
from stakeholders.services.screening import screening_criteria_seed
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.browser

NAME = "Sarvodaya Shramadana"
ACRONYM = "SSM"


def nav(page: Page, item: str) -> None:
    page.get_by_role("navigation", name="Platform").get_by_role("link", name=item).click()


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def test_register_screen_and_map_an_organisation(world, live_server, page, log_in):
    with unscoped():
        screening_criteria_seed(platform=world.a.platform)
    log_in(world.a.broker.user.email, next_path="/p/alpha/")

    # 1. Register the organisation through the form.
    nav(page, "Organisations")
    page.get_by_role("link", name="Add organisation", exact=True).first.click()
    expect(heading(page)).to_have_text("Add an organisation")
    page.get_by_label(re.compile(r"^Name")).fill(NAME)
    page.get_by_label("Acronym").fill(ACRONYM)
    page.get_by_label("Sector").select_option(label="Civil society")
    page.get_by_label("Sub-type").select_option(label="National NGO")
    page.get_by_label("Country").select_option(label="Sri Lanka")
    page.get_by_label("Mandate").fill("Village development through self-help.")
    page.get_by_label("Constituencies").fill("Rural villages across Sri Lanka.")
    page.get_by_label("Themes").fill("Food security; Nutrition")
    page.get_by_role("button", name="Add organisation").click()
    expect(heading(page)).to_contain_text(NAME)
    expect(page.get_by_role("status")).to_contain_text("is in the registry")
    with unscoped():
        organisation = Organisation.objects.get(platform=world.a.platform, name=NAME)
    assert organisation.acronym == ACRONYM and organisation.themes == ["Food security", "Nutrition"]

    # 2. Open a screening and decide it: every criterion rated, a risk level, cleared.
    page.get_by_role("link", name="Open a screening").click()
    page.get_by_role("button", name="Open the screening").click()
    expect(heading(page)).to_have_text(f"Screening of {NAME}")
    findings = page.locator("fieldset.screening-finding")
    expect(findings).to_have_count(6)
    for index in range(findings.count()):
        finding = findings.nth(index)
        finding.get_by_label("Meets the criterion").check()
        finding.get_by_role("textbox").fill(f"Checked against criterion {index + 1}.")
    page.get_by_label("Risk level").select_option(label="Low")
    page.get_by_role("radio", name="Cleared", exact=True).check()
    page.get_by_label("Summary").fill("Long record of community work; no conflicts found.")
    renew_by = timezone.localdate(timezone=world.a.platform.tzinfo) + timedelta(days=365)
    page.get_by_label("Renew by").fill(renew_by.isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("is cleared")
    expect(page.locator(".badge", has_text="Cleared").first).to_be_visible()
    with unscoped():
        organisation.refresh_from_db()
    assert organisation.screening_status == ScreeningDecision.CLEARED
    assert organisation.screening_renew_by == renew_by

    # 3. Create a stakeholder map for the issue.
    nav(page, "Stakeholder maps")
    page.get_by_role("link", name="New map").first.click()
    page.get_by_label("Title").fill("Food security stakeholders, baseline")
    page.get_by_label("Issue").fill("Food security in Sri Lanka")
    page.get_by_label("As of").fill("2025-03-01")
    page.get_by_role("button", name="Create the map").click()
    expect(heading(page)).to_have_text("Food security stakeholders, baseline")

    # 4. Place the organisation on it.
    page.get_by_role("link", name="Add a stakeholder").first.click()
    page.get_by_label("Organisation", exact=True).select_option(label=f"{NAME} ({ACRONYM})")
    page.get_by_label("Interest").fill("8")
    page.get_by_label("Influence").fill("7")
    page.get_by_label("Attitude").select_option(label="Supportive")
    page.get_by_role("button", name="Place on the map", exact=True).click()
    expect(heading(page)).to_have_text("Food security stakeholders, baseline")
    with unscoped():
        position = Position.objects.get(organisation=organisation)
    assert (position.interest, position.influence, position.attitude) == (8, 7, "supportive")

    # 5. The chart shows it: a numbered marker and the name in the legend.
    chart = page.locator(".map-chart svg")
    expect(chart).to_be_visible()
    legend = chart.locator(".legend-entry")
    expect(legend).to_have_count(1)
    expect(legend.first).to_contain_text(NAME)
    assert legend.first.get_attribute("data-number") == "1"
    svg_text = chart.evaluate("svg => svg.textContent")
    assert NAME in svg_text and "interest 8, influence 7" in svg_text
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    # The table under the chart uses the same number and shows the screening status.
    row = page.get_by_role("row").filter(has_text=NAME)
    expect(row).to_contain_text("Manage closely")
    expect(row.locator(".badge")).to_contain_text("Cleared")


def test_log_an_interaction_and_clear_its_follow_up(world, live_server, page, log_in):
    organisation = OrganisationFactory(platform=world.a.platform, name="World Food Programme")
    today = timezone.localdate(timezone=world.a.platform.tzinfo)
    log_in(world.a.broker.user.email, next_path=f"/p/alpha/organisations/{organisation.public_id}/")

    page.get_by_role("link", name="Log an interaction").click()
    expect(heading(page)).to_have_text("Log an interaction")
    expect(page.get_by_label(re.compile(r"^Date"))).to_have_value(today.isoformat())
    page.get_by_label("Kind").select_option(label="Workshop")
    page.get_by_label("Subject").fill("Nutrition survey planning")
    page.get_by_label("Participants").fill("Ama Perera (WFP)\nOur broker")
    # A follow-up before the interaction is refused with a message next to the field.
    page.get_by_label("Follow-up date").fill((today - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Log the interaction").click()
    expect(page.locator("#id_follow_up_on_error")).to_contain_text("before the interaction")
    with unscoped():
        assert Interaction.objects.count() == 0

    page.get_by_label("Follow-up date").fill(today.isoformat())
    page.get_by_role("button", name="Log the interaction").click()
    expect(page.get_by_role("status")).to_contain_text("is in the engagement log")

    # The follow-up is due today: it shows on the home page.
    nav(page, "Home")
    card = page.locator("section", has=page.get_by_role("heading", name="Follow-ups due"))
    expect(card).to_contain_text("World Food Programme")
    expect(card).to_contain_text("Due today")

    # Mark it done from the log, filtered to due follow-ups.
    card.get_by_role("link", name=re.compile("Follow-ups due")).click()
    expect(heading(page)).to_have_text("Engagement log")
    expect(page.get_by_label("Follow-ups")).to_have_value("due")
    page.get_by_role("button", name=re.compile("Mark done")).click()
    expect(page.get_by_role("status")).to_contain_text("is done")
    expect(page.get_by_role("button", name=re.compile("Mark done"))).to_have_count(0)
    nav(page, "Home")
    expect(page.locator("#card-follow-ups").locator("xpath=..")).to_contain_text(
        "No follow-ups are due"
    )
    with unscoped():
        assert Interaction.objects.get().follow_up_done_at is not None
