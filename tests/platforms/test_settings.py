"""The platform settings page (platform admins) and platform_update."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from platforms.models import AuditEvent, Platform, Role
from platforms.services import platform_update
from platforms.tenancy import unscoped

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def url(side) -> str:
    return reverse("platform_settings", args=[side.platform.slug])


def valid(**changes) -> dict:
    data = {
        "name": "Platform A renamed",
        "country": "Sri Lanka",
        "time_zone": "Asia/Kolkata",
        "languages": ["en", "si", "ta"],
        "reporting_cadence": "monthly",
        "primary_colour": "#8b1f3a",
        "publishes_register": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def image(fmt="PNG", size=(32, 32), name=None) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#336699").save(buffer, format=fmt)
    return SimpleUploadedFile(name or f"logo.{fmt.lower()}", buffer.getvalue())


def big_png() -> SimpleUploadedFile:
    # Random pixels do not compress: about 1.5 MB of PNG.
    buffer = io.BytesIO()
    Image.frombytes("RGB", (720, 720), os.urandom(720 * 720 * 3)).save(buffer, format="PNG")
    assert buffer.tell() > 1024 * 1024
    return SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")


def snapshot(platform: Platform) -> dict:
    fresh = Platform.objects.get(pk=platform.pk)
    return {f.name: getattr(fresh, f.name) for f in Platform._meta.concrete_fields}


def audit_count(platform) -> int:
    with unscoped():
        return AuditEvent.objects.filter(platform=platform, table_name="platforms_platform").count()


def files_in(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


# --- who may see it ---------------------------------------------------------------------


def test_admin_sees_the_form_with_the_slug_read_only(world, login):
    response = login(world.a.admin).get(url(world.a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Platform settings</h1>" in html
    assert "<code>/p/alpha/</code>" in html
    assert 'name="slug"' not in html
    assert 'type="color"' in html and 'value="#1f5f8b"' in html
    assert 'name="languages" value="si"' in html
    assert '<option value="Asia/Colombo" selected>' in html


@pytest.mark.parametrize(
    "role", [Role.BROKER, Role.SECRETARIAT, Role.PARTNER_REPRESENTATIVE, Role.OBSERVER]
)
def test_other_roles_are_refused(world, login, role):
    client = login(world.a.member(role))
    before = snapshot(world.a.platform)
    assert client.get(url(world.a)).status_code == 403
    assert client.post(url(world.a), valid()).status_code == 403
    assert snapshot(world.a.platform) == before


def test_admin_of_another_platform_gets_404(world, login):
    client = login(world.b.admin)
    before = snapshot(world.a.platform)
    assert client.get(url(world.a)).status_code == 404
    assert client.post(url(world.a), valid()).status_code == 404
    assert snapshot(world.a.platform) == before


def test_logo_is_served_to_members_only(world, login):
    platform_update(platform=world.a.platform, actor=world.a.admin.user, logo=image())
    logo_url = reverse("platform_logo", args=["alpha"])
    response = login(world.a.observer).get(logo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert login(world.b.admin).get(logo_url).status_code == 404
    assert login(world.a.observer).get(reverse("platform_logo", args=["beta"])).status_code == 404


# --- saving -----------------------------------------------------------------------------


def test_admin_saves_the_settings(world, login, media):
    client = login(world.a.admin)
    response = client.post(url(world.a), valid(logo=image(), slug="hijacked"), follow=True)
    assert response.status_code == 200
    assert "The platform&#x27;s settings were saved." in response.content.decode()
    platform = Platform.objects.get(pk=world.a.platform.pk)
    assert platform.name == "Platform A renamed"
    assert platform.slug == "alpha"
    assert platform.time_zone == "Asia/Kolkata"
    assert platform.languages == ["en", "si", "ta"]
    assert platform.reporting_cadence == "monthly"
    assert platform.primary_colour == "#8b1f3a"
    assert platform.publishes_register is True
    assert platform.logo.name.startswith("platform-logos/")
    assert len(files_in(media)) == 1
    assert "--brand: #8b1f3a;" in response.content.decode()


def test_saving_is_recorded_in_the_audit_trail(world, login):
    login(world.a.admin).post(url(world.a), valid())
    with unscoped():
        event = AuditEvent.objects.get(platform=world.a.platform, table_name="platforms_platform")
    assert event.actor_id == world.a.admin.user.pk
    assert event.changes["primary_colour"] == ["#1f5f8b", "#8b1f3a"]
    assert event.changes["time_zone"] == ["Asia/Colombo", "Asia/Kolkata"]


def test_saving_nothing_new_writes_nothing(world, login):
    platform = world.a.platform
    same = valid(
        name=platform.name,
        time_zone=platform.time_zone,
        languages=platform.languages,
        reporting_cadence=platform.reporting_cadence,
        primary_colour=platform.primary_colour,
        publishes_register=None,
    )
    login(world.a.admin).post(url(world.a), same)
    assert audit_count(platform) == 0


def test_admin_removes_the_logo(world, login):
    platform_update(platform=world.a.platform, actor=world.a.admin.user, logo=image())
    client = login(world.a.admin)
    assert "Remove the current logo" in client.get(url(world.a)).content.decode()
    client.post(url(world.a), valid(remove_logo="on"))
    assert not Platform.objects.get(pk=world.a.platform.pk).logo


# --- bad input: a clear message, nothing written -----------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"primary_colour": "red"}, "Enter a colour as #RRGGBB"),
        ({"primary_colour": "#12345g"}, "Enter a colour as #RRGGBB"),
        ({"primary_colour": "#1234567"}, "Ensure this value has at most 7 characters"),
        ({"time_zone": "Mars/Olympus_Mons"}, "Select a valid choice"),
        ({"languages": ["xx"]}, "Select a valid choice"),
        ({"languages": None}, "Choose at least one language."),
        ({"reporting_cadence": "daily"}, "Select a valid choice"),
        ({"name": ""}, "This field is required."),
        ({"name": "x" * 201}, "Ensure this value has at most 200 characters"),
    ],
)
def test_bad_input_gets_a_message_and_writes_nothing(world, login, changes, message):
    before = snapshot(world.a.platform)
    response = login(world.a.admin).post(url(world.a), valid(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot(world.a.platform) == before
    assert audit_count(world.a.platform) == 0


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (big_png, "it can be at most 1 MB"),
        (lambda: SimpleUploadedFile("logo.png", b"not an image at all"), "Upload a valid image"),
        (lambda: image("BMP"), "must be a PNG, JPEG, GIF, WebP image, not BMP"),
        (lambda: image("TIFF"), "must be a PNG, JPEG, GIF, WebP image, not TIFF"),
    ],
)
def test_bad_logo_gets_a_message_and_writes_nothing(world, login, media, upload, message):
    before = snapshot(world.a.platform)
    response = login(world.a.admin).post(url(world.a), valid(logo=upload()))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="id_logo_error"' in response.content.decode()
    assert snapshot(world.a.platform) == before
    assert files_in(media) == []
    assert audit_count(world.a.platform) == 0


def test_a_refused_change_leaves_the_page_frame_unchanged(world, login):
    # The request's platform object must not keep the refused values (the top bar shows it).
    html = login(world.a.admin).post(url(world.a), valid(name="", primary_colour="bad")).content
    assert b"--brand: #1f5f8b;" in html
    assert b"Platform A" in html


# --- the service ------------------------------------------------------------------------


def test_platform_update_refuses_fields_it_does_not_manage(world):
    with pytest.raises(ValidationError, match="slug"):
        platform_update(platform=world.a.platform, actor=world.a.admin.user, slug="other")
    assert Platform.objects.get(pk=world.a.platform.pk).slug == "alpha"


def test_platform_update_restores_the_object_when_refused(world):
    platform = world.a.platform
    with pytest.raises(ValidationError):
        platform_update(platform=platform, actor=None, name="New", primary_colour="nope")
    assert platform.name == "Platform A" and platform.primary_colour == "#1f5f8b"
    assert snapshot(platform)["name"] == "Platform A"


def test_platform_update_changes_the_time_zone_used_by_the_platform(world):
    platform = world.a.platform
    assert str(platform.tzinfo) == "Asia/Colombo"
    platform_update(platform=platform, actor=None, time_zone="Europe/Berlin")
    assert str(platform.tzinfo) == "Europe/Berlin"


# --- speed ------------------------------------------------------------------------------


def test_settings_page_runs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.a.admin)
    client.get(url(world.a))
    with django_assert_max_num_queries(15):
        assert client.get(url(world.a)).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.post(url(world.a), valid()).status_code == 302


@pytest.mark.parametrize(
    ("fmt", "name", "extension", "content_type", "magic"),
    [
        ("PNG", "logo.pdf", ".png", "image/png", b"\x89PNG"),
        ("JPEG", "photo.gif", ".jpg", "image/jpeg", b"\xff\xd8"),
        ("GIF", "logo.png", ".gif", "image/gif", b"GIF8"),
    ],
)
def test_logo_is_stored_and_served_as_the_format_it_is_not_the_name_it_has(
    world, login, fmt, name, extension, content_type, magic
):
    login(world.a.admin).post(url(world.a), valid(logo=image(fmt, name=name)))
    stored = Platform.objects.get(pk=world.a.platform.pk).logo.name
    assert stored.startswith("platform-logos/") and stored.endswith(extension)
    response = login(world.a.observer).get(reverse("platform_logo", args=["alpha"]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(magic)


@pytest.mark.parametrize("name", ["brand.html", "logo", "logo.svg"])
def test_platform_update_names_the_logo_by_its_format(world, name):
    platform_update(platform=world.a.platform, actor=world.a.admin.user, logo=image(name=name))
    stored = Platform.objects.get(pk=world.a.platform.pk).logo.name
    assert stored.startswith("platform-logos/") and stored.endswith(".png")


def test_a_stored_logo_with_a_name_that_is_no_image_type_is_served_as_bytes(world, login):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PNG")
    stored = default_storage.save("platform-logos/old.html", io.BytesIO(buffer.getvalue()))
    Platform.objects.filter(pk=world.a.platform.pk).update(logo=stored)
    response = login(world.a.observer).get(reverse("platform_logo", args=["alpha"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
