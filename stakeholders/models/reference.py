"""Reference lists from DOMAIN.md ("Stakeholders"), shipped as choices."""

from django.db import models


class Sector(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", "Civil society"
    ACADEMIA = "academia", "Academia"
    BUSINESS = "business", "Business"
    UNITED_NATIONS = "united_nations", "United Nations"
    GOVERNMENT = "government", "Government"
    DONOR = "donor", "Donor"
    FOUNDATION = "foundation", "Foundation"
    MEDIA = "media", "Media"


class SubType(models.TextChoices):
    SME = "sme", "Small or medium enterprise"
    MULTINATIONAL = "multinational", "Multinational company"
    BUSINESS_ASSOCIATION = "business_association", "Business association"
    COMMUNITY_BASED = "community_based", "Community-based organisation"
    INTERNATIONAL_NGO = "international_ngo", "International NGO"
    NATIONAL_NGO = "national_ngo", "National NGO"
    MINISTRY_AGENCY = "ministry_agency", "Ministry/agency"
    LOCAL_GOVERNMENT = "local_government", "Local government"


# Which sector each sub-type belongs to: a sub-type only refines its own sector.
SUB_TYPE_SECTOR: dict[str, str] = {
    SubType.SME: Sector.BUSINESS,
    SubType.MULTINATIONAL: Sector.BUSINESS,
    SubType.BUSINESS_ASSOCIATION: Sector.BUSINESS,
    SubType.COMMUNITY_BASED: Sector.CIVIL_SOCIETY,
    SubType.INTERNATIONAL_NGO: Sector.CIVIL_SOCIETY,
    SubType.NATIONAL_NGO: Sector.CIVIL_SOCIETY,
    SubType.MINISTRY_AGENCY: Sector.GOVERNMENT,
    SubType.LOCAL_GOVERNMENT: Sector.GOVERNMENT,
}


class ScreeningDecision(models.TextChoices):
    PENDING = "pending", "Pending"
    CLEARED = "cleared", "Cleared"
    CLEARED_WITH_CONDITIONS = "cleared_with_conditions", "Cleared with conditions"
    DECLINED = "declined", "Declined"


# The decisions that clear an organisation (and so need a renew-by date).
CLEARANCES = (ScreeningDecision.CLEARED, ScreeningDecision.CLEARED_WITH_CONDITIONS)


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class FindingRating(models.TextChoices):
    MEETS = "meets", "Meets the criterion"
    PARTLY = "partly", "Partly meets it"
    DOES_NOT_MEET = "does_not_meet", "Does not meet it"
    NOT_ASSESSED = "not_assessed", "Not assessed yet"


# The platform's published selection criteria start as these (DOMAIN.md); admins edit them.
DEFAULT_CRITERIA: list[tuple[str, str]] = [
    (
        "Representativeness",
        "Whom the organisation speaks for, and how its constituencies hold it to account.",
    ),
    ("Mandate", "Whether the organisation's mandate fits the issue and the partnership."),
    (
        "Competencies, experience and resources",
        "What it brings: skills, track record on the issue, people, money and assets.",
    ),
    (
        "Commitment to the platform's principles and values",
        "Equity, transparency and mutual benefit, shown in practice and not only in words.",
    ),
    (
        "Social and environmental track record",
        "Its record on human rights, labour, the environment and integrity, including controversies.",
    ),
    (
        "Conflicts of interest",
        "Interests that could pull against the partnership's purpose, and how they are managed.",
    ),
]


class Attitude(models.TextChoices):
    SUPPORTIVE = "supportive", "Supportive"
    NEUTRAL = "neutral", "Neutral"
    OPPOSED = "opposed", "Opposed"


class Strategy(models.TextChoices):
    MANAGE_CLOSELY = "manage_closely", "Manage closely"
    KEEP_SATISFIED = "keep_satisfied", "Keep satisfied"
    KEEP_INFORMED = "keep_informed", "Keep informed"
    MONITOR = "monitor", "Monitor"


# Scores run 0–10; HIGH and above counts as high interest or influence.
SCORE_MIN, SCORE_MAX, HIGH = 0, 10, 5


def strategy_for(*, interest: int, influence: int) -> str:
    """The engagement strategy the quadrant gives (DOMAIN.md, "Stakeholder map")."""
    if influence >= HIGH:
        return Strategy.MANAGE_CLOSELY if interest >= HIGH else Strategy.KEEP_SATISFIED
    return Strategy.KEEP_INFORMED if interest >= HIGH else Strategy.MONITOR


class InteractionKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    CALL = "call", "Call"
    EMAIL = "email", "Email"
    WORKSHOP = "workshop", "Workshop"
    CONSULTATION = "consultation", "Consultation"
