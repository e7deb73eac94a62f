"""Forms for a partnership's partners. They parse input; the rules (clearance, override,
dates) live in partnerships.services.partners."""

from django import forms

from partnerships.forms.workplan import date_input, day_in_range
from partnerships.models import Anchoring, PartnerRole
from stakeholders.forms.maps import OrganisationChoiceField, _organisation_label

DATE_ERRORS = {"invalid": "Enter a date such as 2026-03-31."}

# From the partnering course's notes on negotiation ("Position" vs "interest").
POSITIONS_HELP = (
    "What it first asked for or insisted on: a position is the first solution or demand "
    "someone presents, often dogmatic and inconsiderate of others."
)
INTERESTS_HELP = (
    "The real needs underneath its positions. Interest-based negotiation asks “how can we "
    "make sure we both get our needs met?” rather than “how can I get my way?”: listen and "
    "question to reveal the underlying interests, discuss several ways of meeting them, "
    "and reach an agreement that satisfies the interests, not the opening positions."
)


class PartnerFields(forms.Form):
    """What a partner brings and wants; shared by adding and editing."""

    role = forms.ChoiceField(
        choices=[("", "Not decided yet"), *PartnerRole.choices],
        required=False,
        help_text="Stage 5 of the journey needs a role for every partner.",
    )
    joined_on = forms.DateField(
        label="Joined on",
        widget=date_input(),
        validators=[day_in_range],
        error_messages={"required": "Give the date it joined.", **DATE_ERRORS},
    )
    aims = forms.CharField(
        label="Individual aims",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What this organisation must get out of the partnership to stay in it.",
    )
    interests = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=INTERESTS_HELP
    )
    positions = forms.CharField(
        label="Opening positions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=POSITIONS_HELP,
    )
    anchoring = forms.ChoiceField(
        label="Anchoring in its organisation",
        choices=[("", "Not known yet"), *Anchoring.choices],
        required=False,
        help_text="How deeply the partnership is backed at home: a partner anchored only in "
        "individuals may not survive their leaving.",
    )
    opt_outs = forms.CharField(
        label="Opt-outs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Activities it has opted out of (an acknowledged divergence).",
    )


class PartnerEditForm(PartnerFields):
    pass


class PartnerAddForm(PartnerFields):
    """Adds an organisation of the registry. A registry too big to list is searched: the
    view then offers only the matches (see offer)."""

    organisation = OrganisationChoiceField(
        queryset=None,  # set by the view: the registry minus archived and active partners
        to_field_name="public_id",
        empty_label="Choose an organisation",
        help_text="Archived organisations and those already partners are not listed.",
        error_messages={
            "required": "Choose the organisation to add.",
            "invalid_choice": "Choose an organisation of this platform's registry that is "
            "not a partner yet.",
        },
    )
    override = forms.BooleanField(
        label="Override: add it without a current clearance",
        required=False,
        help_text="Only when the organisation is not (or no longer) cleared by a screening. "
        "The reason is recorded with your name and shown on the partner list.",
    )
    override_reason = forms.CharField(
        label="Reason for the override",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    field_order = ["organisation", "role", "joined_on"]

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations

    def offer(self, organisations) -> None:
        """Offer only these organisations, as radio buttons (a search's result). Any
        organisation of the queryset is still accepted."""
        field = self.fields["organisation"]
        field.widget = forms.RadioSelect(
            choices=[(str(o.public_id), _organisation_label(o)) for o in organisations]
        )
        field.help_text = (
            "Choose one of those found, or find another above."
            if organisations
            else "Find the organisation above first."
        )


class PartnerLeaveForm(forms.Form):
    left_on = forms.DateField(
        label="Left on",
        widget=date_input(),
        validators=[day_in_range],
        error_messages={"required": "Give the date it left.", **DATE_ERRORS},
    )
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why it left, or what was agreed (optional).",
    )
