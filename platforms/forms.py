"""Every form of the web UI. They parse input; the rules live in platforms.services."""

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import models

from platforms.models import (
    LANGUAGES,
    ApiScope,
    AuditAction,
    JobStatus,
    Membership,
    ReportingCadence,
    Role,
)
from platforms.models.platform import TIME_ZONES, hex_colour
from platforms.rls import audited_label
from platforms.services.platforms import LOGO_FORMATS
from platforms.templatetags.ui import display_name


def form_add_service_errors(
    form: forms.Form, error: ValidationError, *, field_names: Mapping[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: next to the field it names, or above the form
    when it names no field (or one the form does not have). ``field_names`` maps the
    service's argument names to the form's field names where they differ."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = (field_names or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)


class EmailAuthenticationForm(AuthenticationForm):
    """Log in by email: every account's username is its email address."""

    username = forms.CharField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "email", "autocapitalize": "none"}
        ),
    )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip()


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.BROKER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class InvitationAccountForm(forms.Form):
    """A new account for the invited address. Password strength is checked by the service."""

    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not only digits, and not too like your name or email.",
    )
    password_confirm = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_confirm"):
            self.add_error("password_confirm", "The two passwords differ; type the same one twice.")
        return cleaned


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="So you can tell your keys apart, for example “Monthly report script”.",
        error_messages={"required": "Give the key a name."},
    )
    scopes = forms.MultipleChoiceField(
        choices=ApiScope.choices,
        initial=[ApiScope.READ],
        widget=forms.CheckboxSelectMultiple,
        help_text="Read lets the key fetch data; write also lets it change data.",
        error_messages={"required": "Choose at least one scope: read, write or both."},
    )
    expires_on = forms.DateField(
        required=False,
        label="Expires on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional. The key stops working at the end of this day, platform time.",
        error_messages={"invalid": "Enter the date as YYYY-MM-DD."},
    )
    # The service's argument names, where they differ from the fields'.
    service_fields = {"expires_at": "expires_on"}

    def clean_expires_on(self) -> date | None:
        day = self.cleaned_data.get("expires_on")
        if day is not None and day.year > 9998:
            # In UTC, the end of that day may fall past the last date Python can represent.
            raise ValidationError("Choose an earlier date.")
        return day

    def expires_at(self, tzinfo) -> datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return datetime.combine(day, time.max, tzinfo=tzinfo)


class ListFilterForm(forms.Form):
    """A list page's GET filters: ``filters()`` the valid values (none when invalid) for
    its selector, ``filtered`` whether anything but the page and the sort was asked for
    (the empty state then says "no matches" rather than "nothing yet")."""

    def filters(self) -> dict:
        return dict(self.cleaned_data) if self.is_bound and self.is_valid() else {}

    @property
    def filtered(self) -> bool:
        return self.is_bound and any(
            value for key, value in self.data.items() if key not in ("page", "sort")
        )


class JobFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *JobStatus.choices]
    )


SYSTEM_ACTOR = "system"  # the activity filter's value for changes no person made
# Filter dates outside these are refused: nothing was recorded then, and the platform
# time zone's midnight of a day near year 1 or 9999 is past what Python can represent.
FILTER_FIRST_DAY = date(1900, 1, 1)
FILTER_LAST_DAY = date(2999, 12, 31)


def _filter_day(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(
            attrs={
                "type": "date",
                "min": FILTER_FIRST_DAY.isoformat(),
                "max": FILTER_LAST_DAY.isoformat(),
            }
        ),
        validators=[_filter_day_in_range],
    )


def _filter_day_in_range(day: date) -> None:
    if not FILTER_FIRST_DAY <= day <= FILTER_LAST_DAY:
        raise ValidationError(
            f"Enter a date between {FILTER_FIRST_DAY.year} and {FILTER_LAST_DAY.year}."
        )


class ActivityFilterForm(forms.Form):
    actor = forms.ChoiceField(label="Who", required=False)
    kind = forms.ChoiceField(label="Kind of object", required=False)
    action = forms.ChoiceField(
        label="Action", required=False, choices=[("", "Any action"), *AuditAction.choices]
    )
    date_from = _filter_day("From")
    date_to = _filter_day("To")

    def __init__(
        self, *args, members: list[Membership], kinds: dict[str, type[models.Model]], **kwargs
    ):
        super().__init__(*args, **kwargs)
        self._user_ids = {str(m.public_id): m.user_id for m in members}
        actor = cast(forms.ChoiceField, self.fields["actor"])
        actor.choices = [
            ("", "Anyone"),
            (SYSTEM_ACTOR, "System (no person)"),
            *((str(m.public_id), display_name(m.user, with_email=True)) for m in members),
        ]
        actor.error_messages["invalid_choice"] = "Choose a member of this platform from the list."
        labels = sorted((audited_label(model), table) for table, model in kinds.items())
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = [("", "Anything"), *((table, label) for label, table in labels)]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def filters(self) -> dict:
        """The cleaned values in the shape selectors.audit_event_list takes."""
        data = self.cleaned_data
        actor = data.get("actor")
        return {
            "system_only": actor == SYSTEM_ACTOR,
            "actor_id": self._user_ids.get(actor or ""),
            "table_name": data.get("kind"),
            "action": data.get("action"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }


class PlatformSettingsForm(forms.Form):
    name = forms.CharField(max_length=200)
    country = forms.CharField(max_length=100, required=False)
    time_zone = forms.ChoiceField(
        choices=[(tz, tz) for tz in TIME_ZONES],
        help_text="Dates and deadlines on this platform are shown in this time zone.",
    )
    languages = forms.MultipleChoiceField(
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one language."},
    )
    reporting_cadence = forms.ChoiceField(
        choices=ReportingCadence.choices,
        help_text="How often partnerships report on their commitments.",
    )
    primary_colour = forms.CharField(
        max_length=7,
        validators=[hex_colour],
        widget=forms.TextInput(attrs={"type": "color"}),
        help_text="Used for the top bar and main buttons. Text on it is black or white, "
        "whichever reads better.",
    )
    logo = forms.ImageField(
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
        help_text=f"A {', '.join(LOGO_FORMATS.values())} image of at most 1 MB. "
        "Leave empty to keep the current logo.",
    )
    remove_logo = forms.BooleanField(required=False, label="Remove the current logo")
    publishes_register = forms.BooleanField(
        required=False,
        label="Publish a public register",
        help_text="Publish a public register of the partnerships marked public.",
    )

    def __init__(self, *args, has_logo: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_logo:
            del self.fields["remove_logo"]

    def changes(self) -> dict:
        """The cleaned values as platform_update takes them."""
        data = dict(self.cleaned_data)
        remove = data.pop("remove_logo", False)
        if not data.get("logo"):
            del data["logo"]
            if remove:
                data["logo"] = False
        return data
