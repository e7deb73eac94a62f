"""The start page, the platform home page, the frame around every page, and error pages."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from platforms.models import Role
from platforms.services import platform_update
from platforms.views import errors
from tests.factories import JobFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def home_url(side):
    return reverse("home", args=[side.platform.slug])


# --- / (index) --------------------------------------------------------------------------


def test_index_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_index_sends_a_member_of_one_platform_straight_there(world, login):
    response = login(world.a.broker).get("/")
    assert response.status_code == 302
    assert response["Location"] == home_url(world.a)


def test_index_lets_a_member_of_several_platforms_choose(world, login):
    MembershipFactory(platform=world.b.platform, user=world.a.broker.user, role=Role.OBSERVER)
    response = login(world.a.broker).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Choose a platform</h1>" in html
    assert f'href="{home_url(world.a)}"' in html and f'href="{home_url(world.b)}"' in html
    assert "Platform A" in html and "Platform B" in html


def test_index_tells_a_user_without_platform_to_ask_for_an_invitation(world, login):
    response = login(world.outsider).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "invit" in html and "outsider@example.org" in html
    assert 'class="sidenav"' not in html


# --- the home page ----------------------------------------------------------------------


def test_home_welcomes_with_name_country_time_zone_and_local_date(world, login, monkeypatch):
    # 22:30 UTC is already tomorrow in Colombo (UTC+5:30).
    moment = datetime(2025, 3, 14, 22, 30, tzinfo=ZoneInfo("UTC"))
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
    html = login(world.a.observer).get(home_url(world.a)).content.decode()
    assert "Welcome to Platform A" in html
    assert "Sri Lanka" in html and "Asia/Colombo" in html
    assert 'datetime="2025-03-15"' in html and "Saturday 15 March 2025" in html


def test_home_counts_members_by_role(world, login):
    MembershipFactory.create_batch(3, platform=world.a.platform, role=Role.PARTNER_REPRESENTATIVE)
    html = login(world.a.broker).get(home_url(world.a)).content.decode()
    assert re.search(r"Partner representative</span> <strong>4</strong>", html)
    assert re.search(r"Platform admin</span> <strong>1</strong>", html)
    assert "8 members in all" in html


def test_home_lists_recent_jobs_or_says_what_they_are(world, login):
    client = login(world.a.broker)
    assert "No background jobs yet" in client.get(home_url(world.a)).content.decode()
    JobFactory.create_batch(7, platform=world.a.platform, kind="invitation_email")
    JobFactory(platform=world.b.platform, kind="other_platform_job")
    html = client.get(home_url(world.a)).content.decode()
    assert html.count('class="badge badge-queued"') == 5
    assert "Other_platform_job" not in html and "Other platform job" not in html


def test_recent_activity_is_for_admins_only(world, login):
    admin_html = login(world.a.admin).get(home_url(world.a)).content.decode()
    assert "Recent activity" in admin_html
    assert re.search(r"created</span> membership", admin_html)
    for role in (Role.BROKER, Role.SECRETARIAT, Role.PARTNER_REPRESENTATIVE, Role.OBSERVER):
        html = login(world.a.member(role)).get(home_url(world.a)).content.decode()
        assert "Recent activity" not in html, role


def test_next_steps_depend_on_role(world, login):
    admin_html = login(world.a.admin).get(home_url(world.a)).content.decode()
    assert "Invite members" in admin_html and "Open settings" in admin_html
    assert "Create an API key" in admin_html and reverse("api_docs") in admin_html
    observer_html = login(world.a.observer).get(home_url(world.a)).content.decode()
    assert "Invite members" not in observer_html and "Open settings" not in observer_html
    assert "Create an API key" in observer_html


@pytest.mark.parametrize("role", Role.values)
def test_every_role_sees_the_home_page(world, login, role):
    response = login(world.a.member(role)).get(home_url(world.a))
    assert response.status_code == 200
    assert "Welcome to Platform A" in response.content.decode()


def test_home_of_another_platform_is_404(world, login):
    assert login(world.b.admin).get(home_url(world.a)).status_code == 404
    assert login(world.outsider).get(home_url(world.a)).status_code == 404


def test_home_needs_login(world, client):
    response = client.get(home_url(world.a))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [Role.PLATFORM_ADMIN, Role.OBSERVER])
def test_home_runs_a_fixed_number_of_queries(world, login, role):
    client = login(world.a.member(role))
    url = home_url(world.a)
    client.get(url)  # warm up: sessions, content types
    few = _count_queries(client, url)
    MembershipFactory.create_batch(30, platform=world.a.platform, role=Role.PARTNER_REPRESENTATIVE)
    JobFactory.create_batch(30, platform=world.a.platform)
    many = _count_queries(client, url)
    assert few == many
    assert many <= 30  # the frame, plus a few per card (stakeholders and partnerships add cards)


# --- the frame --------------------------------------------------------------------------


def test_navigation_shows_items_by_role_and_marks_the_current_page(world, login):
    admin_html = login(world.a.admin).get(home_url(world.a)).content.decode()
    for name in ("member_list", "activity_list", "job_list", "api_key_list", "platform_settings"):
        assert f'href="{reverse(name, args=["alpha"])}"' in admin_html, name
    assert f'<a href="{home_url(world.a)}" aria-current="page">Home</a>' in admin_html
    assert admin_html.count('aria-current="page"') == 1

    broker_html = login(world.a.broker).get(home_url(world.a)).content.decode()
    for name in ("member_list", "activity_list", "platform_settings"):
        assert f'href="{reverse(name, args=["alpha"])}"' not in broker_html, name
    for name in ("job_list", "api_key_list"):
        assert f'href="{reverse(name, args=["alpha"])}"' in broker_html, name


def test_frame_has_skip_link_one_h1_and_a_logout_form(world, login):
    html = login(world.a.broker).get(home_url(world.a)).content.decode()
    assert '<a class="skip-link" href="#main">' in html and 'id="main"' in html
    assert html.count("<h1") == 1
    assert f'<form method="post" action="{reverse("logout")}">' in html
    # Every asset is the product's own: no script, style, font or image from elsewhere.
    # (Matching "cdn" in the text failed whenever a random CSRF token contained it.)
    assert not re.search(r'(src|href)="(https?:)?//', html), "a remote asset"


def test_switcher_lists_the_users_platforms_and_marks_the_current_one(world, login):
    MembershipFactory(platform=world.b.platform, user=world.a.broker.user, role=Role.OBSERVER)
    html = login(world.a.broker).get(home_url(world.b)).content.decode()
    switcher = html[html.index('class="menu switcher"') : html.index("</details>")]
    assert f'href="{home_url(world.a)}">' in switcher
    assert f'href="{home_url(world.b)}" aria-current="true"' in switcher
    assert "current" in switcher


def test_a_member_of_one_platform_sees_its_name_without_a_switcher(world, login):
    html = login(world.a.broker).get(home_url(world.a)).content.decode()
    assert 'class="menu switcher"' not in html
    assert '<span class="platform-name">Platform A</span>' in html


@pytest.mark.parametrize(
    ("colour", "text"), [("#1f5f8b", "#ffffff"), ("#ffdd00", "#000000"), ("#777777", "#000000")]
)
def test_top_bar_text_reads_on_the_primary_colour(world, login, colour, text):
    platform_update(platform=world.a.platform, actor=world.a.admin.user, primary_colour=colour)
    html = login(world.a.broker).get(home_url(world.a)).content.decode()
    assert f"--brand: {colour}; --on-brand: {text};" in html


def test_messages_are_announced(world, login):
    client = login(world.a.admin)
    url = reverse("platform_settings", args=["alpha"])
    data = {
        "name": "Platform A",
        "time_zone": "Asia/Colombo",
        "languages": ["en"],
        "reporting_cadence": "quarterly",
        "primary_colour": "#1f5f8b",
    }
    html = client.post(url, data, follow=True).content.decode()
    assert '<div class="messages" role="status">' in html
    assert "message-success" in html


# --- error pages ------------------------------------------------------------------------


def test_404_page_uses_the_layout(world, login):
    response = login(world.a.broker).get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html and "app.css" in html


def test_403_page_gives_the_reason(world, login):
    response = login(world.a.broker).get(reverse("platform_settings", args=["alpha"]))
    assert response.status_code == 403
    assert "Your role on this platform does not allow this." in response.content.decode()


@pytest.mark.parametrize("handler", ["not_found", "forbidden", "server_error"])
def test_error_pages_render_without_user_or_platform(handler):
    # A bare request (no session, no user, no platform) and no database: as after a crash.
    request = RequestFactory().get("/somewhere/")
    with CaptureQueriesContext(connection) as queries:
        response = getattr(errors, handler)(request)
    assert response.status_code in (403, 404, 500)
    assert "<h1>" in response.content.decode()
    assert len(queries) == 0


def test_users_without_a_platform_see_no_switcher(world, login):
    html = login(world.outsider).get("/").content.decode()
    assert "switcher" not in html
