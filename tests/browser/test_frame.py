"""The web UI's frame in a real browser: logging in, switching platform, settings, and
basic accessibility (labels, one h1, skip link, visible focus, narrow screens)."""

import re

import pytest
from playwright.sync_api import expect

from platforms.models import Platform, Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.browser

# Every form control has a label: <label for>, a wrapping <label>, aria-label(ledby).
UNLABELLED_CONTROLS = """() => Array.from(document.querySelectorAll(
    'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea'
  )).filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                  && !el.getAttribute('aria-labelledby'))
    .map(el => el.outerHTML)"""


def assert_accessible_basics(page):
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    expect(page.locator("h1")).to_have_count(1)
    assert page.evaluate("document.documentElement.lang") == "en"


def test_log_in_land_on_home_and_switch_platform(world, live_server, page, log_in):
    broker = world.a.broker
    MembershipFactory(platform=world.b.platform, user=broker.user, role=Role.OBSERVER)

    log_in(broker.user.email, next_path="/p/alpha/")
    expect(page).to_have_url(f"{live_server.url}/p/alpha/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Platform A")
    expect(page.locator('.sidenav a[aria-current="page"]')).to_have_text("Home")

    page.get_by_text("Switch platform. Current: Platform A").click()
    current = page.locator(".switcher a[aria-current]")
    expect(current).to_contain_text("Platform A")
    page.get_by_role("link", name=re.compile("Platform B")).click()

    expect(page).to_have_url(f"{live_server.url}/p/beta/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Platform B")
    expect(page.locator(".switcher summary")).to_contain_text("Platform B")


def test_admin_changes_the_primary_colour(world, live_server, page, log_in):
    log_in(world.a.admin.user.email, next_path="/p/alpha/")
    page.get_by_role("navigation", name="Platform").get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Platform settings")
    assert_accessible_basics(page)

    page.get_by_label("Primary colour").fill("#8b1f3a")
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_role("status")).to_contain_text("settings were saved")
    topbar = page.locator(".topbar")
    expect(topbar).to_have_css("background-color", "rgb(139, 31, 58)")
    expect(topbar.locator(".brand")).to_have_css("color", "rgb(255, 255, 255)")
    assert Platform.objects.get(pk=world.a.platform.pk).primary_colour == "#8b1f3a"


def test_bad_colour_is_refused_with_a_message(world, live_server, page, log_in):
    log_in(world.a.admin.user.email, next_path="/p/alpha/settings/")
    # A colour input cannot hold a bad value; a crafted request can.
    page.evaluate("document.getElementById('id_primary_colour').type = 'text'")
    page.get_by_label("Primary colour").fill("not-a-colour")
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator("#id_primary_colour_error")).to_contain_text("#RRGGBB")
    assert Platform.objects.get(pk=world.a.platform.pk).primary_colour == "#1f5f8b"


def test_login_page_labels_and_heading(world, live_server, page):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible_basics(page)
    expect(page.get_by_label("Email")).to_be_visible()
    expect(page.get_by_label("Password")).to_be_visible()


def test_skip_link_comes_first_and_focus_is_visible(world, live_server, page, log_in):
    log_in(world.a.broker.user.email, next_path="/p/alpha/")
    page.goto(f"{live_server.url}/p/alpha/")  # fresh document: focus starts at the top
    assert_accessible_basics(page)

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.keyboard.press("Tab")  # the first link inside the main content
    outline = page.evaluate(
        "(() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; })()"
    )
    assert outline == ["solid", "3px"]


def test_side_navigation_sits_above_the_content_on_a_phone(world, live_server, page, log_in):
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(world.a.admin.user.email, next_path="/p/alpha/")
    nav = page.locator(".sidenav").bounding_box()
    main = page.locator("main").bounding_box()
    assert nav and main
    assert nav["y"] + nav["height"] <= main["y"] + 1
    assert nav["width"] > 300  # full width, not a squeezed column
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # nothing forces sideways scrolling
