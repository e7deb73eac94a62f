"""Forms of the development journey. They parse input; the rules (gates, one stage at a
time, a reason to move back) live in partnerships.services.journey."""

from django import forms

from partnerships.models import Ending, Stage
from partnerships.services.journey import TEXT_MAX

VISION_HELP = (
    "Where the partners want the world to be: the change they all want to see on the "
    "issue, in a sentence or two they can each repeat. It is agreed at stage 2."
)
PURPOSE_HELP = (
    "What this partnership, together, is for (its mission): the common purpose that brings "
    "the partners together, alongside each partner's own aims. It is agreed at stage 3 and "
    "tested by one question: could any partner achieve it alone?"
)


class VisionForm(forms.Form):
    vision = forms.CharField(
        label="Overarching vision",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=VISION_HELP,
    )
    purpose = forms.CharField(
        label="Common purpose",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=PURPOSE_HELP,
    )


class MoveForm(forms.Form):
    """One move: forward (the next stage, a note if wanted) or back (an earlier stage and
    the reason). Moving on also says how the partnership ended."""

    to_stage = forms.TypedChoiceField(
        label="Stage",
        choices=Stage.choices,
        coerce=int,
        error_messages={
            "required": "Choose the stage to move to.",
            "invalid_choice": "Choose a stage of the journey.",
        },
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    ending = forms.ChoiceField(
        label="How it ended",
        required=False,
        choices=[("", "—"), *Ending.choices],
        error_messages={"invalid_choice": "Choose how the partnership ended from the list."},
    )
