"""Forms for accounts, members and invitations. They parse input; the rules live in
platforms.services."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from platforms.models import Role


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
