from platforms.models import Role
from tests.factories import JobFactory, MembershipFactory


def test_shots(world, live_server, page, log_in):
    MembershipFactory(platform=world.b.platform, user=world.a.admin.user, role=Role.OBSERVER)
    JobFactory.create_batch(3, platform=world.a.platform, kind="invitation_email")
    page.goto(f"{live_server.url}/accounts/login/")
    page.screenshot(path="/tmp/h5_login.png", full_page=True)
    log_in(world.a.admin.user.email, next_path="/p/alpha/")
    page.screenshot(path="/tmp/h5_home.png", full_page=True)
    page.goto(f"{live_server.url}/")
    page.screenshot(path="/tmp/h5_index.png", full_page=True)
    page.goto(f"{live_server.url}/nope/")
    page.screenshot(path="/tmp/h5_404.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}/p/alpha/")
    page.screenshot(path="/tmp/h5_mobile.png", full_page=True)
