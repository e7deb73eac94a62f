"""The placeholders a clause body may use, filled later from the partnership's records.

Only these names exist: a clause using any other is refused when it is saved, naming it,
so that no agreement is ever drafted with a hole nobody noticed."""

import re

from django.core.exceptions import ValidationError

PLACEHOLDERS: dict[str, str] = {
    "partnership.title": "The partnership's title.",
    "platform.name": "The platform's name.",
    "parties": "The partner organisations and their roles.",
    "signatories": "Each party's signatories, as named on the version's signatories page: "
    "once they are named, use “Fill again from the partnership's records”.",
    "vision": "The partnership's shared vision.",
    "purpose": "The partnership's common purpose.",
    "objectives": "The objectives and their expected results.",
    "aims": "Each partner's individual aims.",
    "roles": "Each partner's roles and responsibilities.",
    "resources": "The resources each partner commits.",
    "governance": "The governance bodies, their seats and decision rules.",
    "commitments": "The partners' commitments and their due dates.",
    "reporting_cadence": "How often the partnership reports, and to whom.",
    "date": "The date the agreement is drafted.",
}

# A placeholder is a name in braces: letters, digits, dots and underscores. Braces around
# anything else (a space, a sentence) are ordinary text and left alone.
PATTERN = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")


def placeholders_in(text: str) -> list[str]:
    """The placeholder names the text uses, each once, in order of first use."""
    return list(dict.fromkeys(PATTERN.findall(text or "")))


def placeholders_named(names: list[str]) -> str:
    """Placeholder names as a reader sees them: "{vision}", "{vision} and {purpose}",
    "{vision}, {purpose} and {aims}"."""
    shown = ["{" + name + "}" for name in names]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def placeholders_unknown(text: str) -> list[str]:
    return [name for name in placeholders_in(text) if name not in PLACEHOLDERS]


def placeholders_check(text: str) -> None:
    """Refuse text using a placeholder that does not exist, naming it and the known ones."""
    unknown = placeholders_unknown(text)
    if unknown:
        raise ValidationError(unknown_message(unknown))


def unknown_message(unknown: list[str]) -> str:
    them = ", ".join("{" + name + "}" for name in unknown)
    known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    noun = "placeholder" if len(unknown) == 1 else "placeholders"
    return f"There is no {noun} {them}. The placeholders you can use are: {known}."
