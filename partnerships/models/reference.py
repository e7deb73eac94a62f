"""Reference lists from DOMAIN.md ("Partnerships"), shipped as choices. The Sustainable
Development Goals and their targets are rows (models/sdg.py), loaded by a migration."""

from django.db import models


class PartnershipType(models.TextChoices):
    """The partnership spectrum."""

    LEVERAGE = "leverage", "Leverage / exchange"
    COMBINE = "combine", "Combine / integrate"
    TRANSFORM = "transform", "Transform"


class Level(models.TextChoices):
    LOCAL = "local", "Local"
    NATIONAL = "national", "National"
    REGIONAL = "regional", "Regional"
    GLOBAL = "global", "Global"


class Stage(models.IntegerChoices):
    """The development journey, in order; then implementation and beyond."""

    CONTEXT = 1, "1. Understand the context and the alignment of interests"
    VISION = 2, "2. Agree an overarching vision"
    PURPOSE = 3, "3. Agree a common purpose"
    OBJECTIVES = 4, "4. Agree specific objectives and activities"
    RESOURCES = 5, "5. Agree resources, roles and responsibilities"
    STRUCTURE = 6, "6. Structure the partnership"
    AGREEMENT = 7, "7. Sign a partnering agreement"
    IMPLEMENTING = 8, "Implementing and monitoring"
    REVIEWING = 9, "Reviewing and revising"
    MOVING_ON = 10, "Moving on"


class Ending(models.TextChoices):
    """How a partnership that moved on ended."""

    COMPLETED = "completed", "Completed its objectives"
    INSTITUTIONALISED = "institutionalised", "Institutionalised (taken over by an institution)"
    SCALED = "scaled", "Scaled up or replicated elsewhere"
    TRANSFORMED = "transformed", "Transformed into a new partnership or organisation"
    ENDED_EARLY = "ended_early", "Ended early"


class PartnerRole(models.TextChoices):
    LEAD = "lead", "Lead or convener"
    CORE = "core", "Core partner"
    IMPLEMENTING = "implementing", "Implementing partner"
    FUNDER = "funder", "Funder"
    TECHNICAL_ADVISER = "technical_adviser", "Technical adviser"
    OBSERVER = "observer", "Observer"


class Anchoring(models.TextChoices):
    """How deeply a partner is anchored in its own organisation."""

    ORGANISATION = "organisation", "Organisation-wide mandate"
    DEPARTMENT = "department", "A department"
    INDIVIDUALS = "individuals", "Individuals in a personal capacity"


class ResourceType(models.TextChoices):
    CASH = "cash", "Cash"
    IN_KIND = "in_kind", "In-kind goods"
    STAFF = "staff", "Staff time and expertise"
    NETWORKS = "networks", "Networks and access"
    DATA = "data", "Data"
    INFRASTRUCTURE = "infrastructure", "Infrastructure"
    LEGITIMACY = "legitimacy", "Legitimacy and brand"


class CommitmentKind(models.TextChoices):
    COMMON = "common", "Common (all partners)"
    SPECIFIC = "specific", "Specific (one partner)"


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DONE = "done", "Done"
    MISSED = "missed", "Missed"


OPEN_COMMITMENT = (CommitmentStatus.PLANNED, CommitmentStatus.ON_TRACK, CommitmentStatus.AT_RISK)


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DELAYED = "delayed", "Delayed"
    DROPPED = "dropped", "Dropped"


class Lever(models.TextChoices):
    POLICY = "policy", "Policy, regulation and taxation"
    INFRASTRUCTURE = "infrastructure", "Infrastructure development"
    ADVOCACY = "advocacy", "Advocacy and balancing power"
    BEHAVIOUR = "behaviour", "Influence and behaviour change"
    NORMS = "norms", "New norms"
    TECHNOLOGY = "technology", "Innovative technologies"
    MARKET = "market", "Commercially viable, inclusive or market-based approaches"
    STANDARDS = "standards", "Standards"
    EVIDENCE = "evidence", "Access to evidence, information and data"
    FINANCE = "finance", "Access to affordable finance"
    EDUCATION = "education", "Education and capacity development"
    ORGANISATION = "organisation", "Organisation"
    COMMUNITY = "community", "Human and community capital"


class RiskCategory(models.TextChoices):
    REPUTATION = "reputation", "Reputation"
    CO_OPTATION = "co_optation", "Co-optation"
    CONFLICT_OF_INTEREST = "conflict_of_interest", "Conflict of interest"
    MISSION_DRIFT = "mission_drift", "Mission drift"
    FUNDER_DEPENDENCY = "funder_dependency", "Dependency on one funder"
    POWER_IMBALANCE = "power_imbalance", "Power imbalance"
    FINANCIAL = "financial", "Financial"
    DELIVERY = "delivery", "Delivery"


class BodyType(models.TextChoices):
    GOVERNING_BOARD = "governing_board", "Governing board"
    STEERING_COMMITTEE = "steering_committee", "Steering committee"
    ADVISORY_COMMITTEE = "advisory_committee", "Advisory committee"
    WORKING_GROUP = "working_group", "Working group"
    CONSULTATIVE_GROUP = "consultative_group", "Consultative group"
    SECRETARIAT = "secretariat", "Secretariat"


class DecisionRule(models.TextChoices):
    INFORMAL_CONSENSUS = "informal_consensus", "Informal consensus"
    FORMAL_CONSENSUS = "formal_consensus", "Formal consensus"
    SIMPLE_MAJORITY = "simple_majority", "Simple majority vote"
    QUALIFIED_MAJORITY = "qualified_majority", "Qualified majority vote"
    LEAD_DECIDES = "lead_decides", "Lead partner decides after consultation"


class DecisionScope(models.TextChoices):
    STRATEGY = "strategy", "Strategy and policy"
    IMPLEMENTATION = "implementation", "Implementation"


class Fundamental(models.TextChoices):
    """The six fundamentals of a healthy partnership; each is a column of HealthResponse."""

    VALUE_CREATION = "value_creation", "Value creation"
    RIGHT_STAKEHOLDERS = "right_stakeholders", "The right stakeholders and resources"
    SHARED_VISION = "shared_vision", "A shared vision and aligned interests"
    COMPATIBLE_VALUES = "compatible_values", "Compatible values"
    EMPOWERED_PARTNERS = "empowered_partners", "Empowered partners"
    SENIOR_COMMITMENT = "senior_commitment", "Senior-level commitment and skills"


RATING_MIN, RATING_MAX = 1, 5
