"""Forms for signing: a draft's signatories, signing, declining and amending. The
services check everything again; these give the messages next to the fields."""

from django import forms

from partnerships.models import Partner
from platforms.models import Membership


class SignatoryForm(forms.Form):
    partner = forms.ModelChoiceField(
        queryset=Partner.objects.none(),
        to_field_name="public_id",
        label="Signs for",
        error_messages={
            "required": "Choose the partner this person signs for.",
            "invalid_choice": "Choose an active partner of this partnership.",
        },
    )
    name = forms.CharField(
        max_length=200, label="Full name", error_messages={"required": "Give the full name."}
    )
    title = forms.CharField(max_length=200, required=False, label="Position")
    email = forms.EmailField(required=False)
    required = forms.BooleanField(
        required=False, initial=True, label="Required: the version is executed only once they sign"
    )
    member = forms.ModelChoiceField(
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        required=False,
        label="Their account on the platform",
        help_text="Only this account may sign. Leave empty until they have one.",
        error_messages={"invalid_choice": "Choose a representative of the partner."},
    )

    def __init__(self, *args, partners, members, **kwargs):
        super().__init__(*args, **kwargs)
        partner = self.fields["partner"]
        member = self.fields["member"]
        assert isinstance(partner, forms.ModelChoiceField)
        assert isinstance(member, forms.ModelChoiceField)
        partner.queryset = partners
        partner.label_from_instance = lambda p: p.organisation.name
        member.queryset = members
        member.label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.email} ({m.representative.organisation.name})"
        )


class SignForm(forms.Form):
    full_name = forms.CharField(
        max_length=200,
        label="Type your full name",
        error_messages={"required": "Type your full name to sign."},
    )
    confirm = forms.BooleanField(
        label="I sign this version of the agreement on behalf of my organisation.",
        error_messages={"required": "Tick the confirmation to sign."},
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        label="Why you decline",
        error_messages={"required": "Say why you decline: the brokers will read it."},
    )


class AmendForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        label="Why amend",
        error_messages={"required": "Say why the agreement is amended."},
    )
