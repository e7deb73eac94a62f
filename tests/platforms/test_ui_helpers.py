"""The helpers every page shares: how people and jobs are named, how a service's refusal
reaches a form. The pages' own tests check them in place; these pin the rules."""

import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse

from platforms.forms import form_add_service_errors
from platforms.models import AuditEvent
from platforms.services import platform_update
from platforms.templatetags.ui import actor_name, display_name
from tests.factories import JobFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_is_named_by_full_name_else_email(world):
    admin = world.a.admin.user
    assert display_name(admin) == "Admin ALPHA"
    assert display_name(admin, with_email=True) == "Admin ALPHA (admin@alpha.example)"
    nameless = UserFactory(email="nameless@example.org", first_name="", last_name="")
    assert display_name(nameless) == "nameless@example.org"
    assert display_name(nameless, with_email=True) == "nameless@example.org"
    assert display_name(None) == "System"


def test_templates_use_the_same_names(world):
    template = Template("{% load ui %}{{ user|display_name }}|{{ nobody|display_name }}")
    assert template.render(Context({"user": world.a.admin.user, "nobody": None})) == (
        "Admin ALPHA|System"
    )


def test_an_audited_change_names_a_person_the_system_or_a_former_user(world):
    admin = world.a.admin.user
    assert actor_name(AuditEvent(actor=admin)) == "Admin ALPHA"
    assert actor_name(AuditEvent(actor=None)) == "System"
    assert actor_name(AuditEvent(actor_id=2_000_000_000)) == "A former user"


def test_job_kinds_are_named_by_their_handlers_label():
    rendered = Template("{% load ui %}{{ 'noop'|job_label }}|{{ 'made_up'|job_label }}").render(
        Context()
    )
    assert rendered == "Check that background work runs|Made up"


def test_the_home_page_names_jobs_people_and_kinds_as_the_other_pages_do(world, login):
    a = world.a
    JobFactory(platform=a.platform, kind="noop")
    platform_update(platform=a.platform, actor=a.admin.user, primary_colour="#8b1f3a")
    html = login(a.admin).get(reverse("home", args=["alpha"])).content.decode()
    assert "Check that background work runs" in html
    assert re.search(r"Admin ALPHA <span[^>]*>updated</span> platform", html)
    assert re.search(r"System <span[^>]*>created</span> membership", html)


class Sample(forms.Form):
    email = forms.CharField(required=False)
    expires_on = forms.DateField(required=False)


def errors_after(error: ValidationError, **kwargs) -> dict:
    form = Sample({})
    assert form.is_valid()
    form_add_service_errors(form, error, **kwargs)
    return {field: list(messages) for field, messages in form.errors.items()}


def test_a_service_error_goes_next_to_its_field_or_above_the_form():
    assert errors_after(ValidationError("No.")) == {"__all__": ["No."]}
    assert errors_after(ValidationError({"email": "Taken."})) == {"email": ["Taken."]}
    assert errors_after(ValidationError({"slug": "Taken."})) == {"__all__": ["Taken."]}
    assert errors_after(
        ValidationError({"expires_at": "Too late."}), field_names={"expires_at": "expires_on"}
    ) == {"expires_on": ["Too late."]}
