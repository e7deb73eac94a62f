"""The UN Sri Lanka platform's demo: screenings in every state, the food-security
stakeholder map from the partnering workshop (seed 003) with an earlier snapshot to
compare against, and an engagement log."""

from stakeholders.models import (
    Attitude,
    FindingRating,
    InteractionKind,
    RiskLevel,
    ScreeningDecision,
)

from . import sri_lanka_organisations as lk
from .records import Finding, InteractionSpec, MapSpec, Place, PlatformDemo, ScreeningSpec
from .sri_lanka_others import OTHER_ORGANISATIONS

M, P, D, N = (
    FindingRating.MEETS,
    FindingRating.PARTLY,
    FindingRating.DOES_NOT_MEET,
    FindingRating.NOT_ASSESSED,
)
ALL_MET = tuple(Finding(M, "") for _ in range(6))
VERDANT = "Verdant Crop Sciences Lanka"
SAVE_THE_CHILDREN = "Save the Children Sri Lanka"
WOMEN_FARMERS = "Hambantota Women Farmers' Collective"

SCREENINGS = (
    # WFP's history: a screening that lapsed, then a current one.
    ScreeningSpec(
        lk.WFP,
        ScreeningDecision.CLEARED,
        RiskLevel.LOW,
        1200,
        "Cleared for the school meals partnership.",
        ALL_MET,
        decided_days_ago=1190,
        valid_for_days=730,
    ),
    ScreeningSpec(
        lk.WFP,
        ScreeningDecision.CLEARED,
        RiskLevel.LOW,
        70,
        "Renewed: mandate and track record on food assistance unchanged.",
        (
            Finding(M, "Works through government systems and cooperating partners."),
            Finding(M, "Food assistance and nutrition are its mandate."),
            Finding(M, "School meals and cash transfers at national scale."),
            Finding(M, ""),
            Finding(M, ""),
            Finding(M, "None found."),
        ),
        decided_days_ago=60,
    ),
    ScreeningSpec(
        lk.UNICEF,
        ScreeningDecision.CLEARED,
        RiskLevel.LOW,
        355,
        "Co-convener of the partnering workshop; clear nutrition mandate.",
        ALL_MET,
        decided_days_ago=340,  # due for renewal within the month
    ),
    ScreeningSpec(
        lk.SARVODAYA,
        ScreeningDecision.CLEARED,
        RiskLevel.LOW,
        130,
        "Village network reaching the households the partnership targets.",
        (
            Finding(M, "Village societies elect their own leaders."),
            Finding(M, ""),
            Finding(M, "Community kitchens during the 2022 crisis."),
            Finding(M, ""),
            Finding(M, ""),
            Finding(M, ""),
        ),
        decided_days_ago=110,
    ),
    ScreeningSpec(
        "Ceylon Chamber of Commerce",
        ScreeningDecision.CLEARED,
        RiskLevel.LOW,
        50,
        "Speaks for business on supply chains; no conflicts found.",
        ALL_MET,
        decided_days_ago=40,
    ),
    ScreeningSpec(
        lk.SUPERMARKET,
        ScreeningDecision.CLEARED_WITH_CONDITIONS,
        RiskLevel.MEDIUM,
        75,
        "Valuable for the food-waste pilot; commercial interest must be fenced.",
        (
            Finding(P, "Speaks for itself, not for the retail sector."),
            Finding(M, ""),
            Finding(M, "Runs 120 outlets and farmer collection centres."),
            Finding(M, ""),
            Finding(P, "Plastic packaging targets are not public."),
            Finding(P, "Sells the products whose prices the partnership monitors."),
        ),
        decided_days_ago=55,
        conditions="No use of the platform's or partners' logos in marketing; "
        "publish its sourcing commitments for the pilot; price data shared with "
        "the partnership is not used for pricing decisions.",
    ),
    ScreeningSpec(
        lk.APP_DESIGNER,
        ScreeningDecision.CLEARED_WITH_CONDITIONS,
        RiskLevel.MEDIUM,
        30,
        "Can build the price app; has never handled household data.",
        (
            Finding(P, ""),
            Finding(M, ""),
            Finding(P, "Small team; no public sector client yet."),
            Finding(M, ""),
            Finding(P, "Too young to have a record; no data protection policy yet."),
            Finding(M, "None declared."),
        ),
        decided_days_ago=20,
        valid_for_days=180,
        conditions="A data protection impact assessment, reviewed by the platform, "
        "before any household data is collected.",
    ),
    ScreeningSpec(
        VERDANT,
        ScreeningDecision.DECLINED,
        RiskLevel.HIGH,
        160,
        "Declined: it lobbies against the input-subsidy reform the partnership "
        "supports, and complaints about its pesticide sales to smallholders are "
        "unresolved. It may apply again once the complaints are settled.",
        (
            Finding(D, "Speaks only for its shareholders."),
            Finding(P, ""),
            Finding(M, "Large extension network."),
            Finding(D, "Declined to sign the platform's principles."),
            Finding(D, "Two unresolved complaints about sales practices."),
            Finding(D, "Lobbies against the reform the partnership supports."),
        ),
        decided_days_ago=140,
    ),
    ScreeningSpec(
        SAVE_THE_CHILDREN,
        ScreeningDecision.CLEARED,
        RiskLevel.LOW,
        800,
        "Cleared for the nutrition working group.",
        ALL_MET,
        decided_days_ago=780,
        valid_for_days=730,
    ),
    ScreeningSpec(
        lk.SUN_PF,
        ScreeningDecision.PENDING,
        "",
        6,
        "Opened after the workshop; waiting for its member list.",
        (
            Finding(N, "Member list requested."),
            Finding(M, ""),
            Finding(M, ""),
            Finding(N, ""),
            Finding(N, ""),
            Finding(N, ""),
        ),
    ),
    ScreeningSpec(
        WOMEN_FARMERS,
        ScreeningDecision.PENDING,
        "",
        3,
        "Opened for the home gardens pilot.",
        (Finding(N, ""),) * 6,
    ),
)

S, U, OPP = Attitude.SUPPORTIVE, Attitude.NEUTRAL, Attitude.OPPOSED
ISSUE = "food security in Sri Lanka"
WORKSHOP_MAP = "Food security in Sri Lanka"
SCOPING_MAP = "Food security in Sri Lanka (scoping)"

MAPS = (
    MapSpec(
        SCOPING_MAP,
        ISSUE,
        "2022-12-26",
        "First scoping by the RCO partnerships team, six months before the workshop.",
        (
            Place(lk.MINISTRY_OF_HEALTH, 6, 8, S),
            Place(lk.MINISTRY_OF_EDUCATION, 5, 6, U),
            Place(lk.NATIONAL_PLANNING, 3, 9, U),
            Place(lk.FPA, 5, 3, S),
            Place(lk.PRESIDENTIAL_SECRETARIAT, 2, 10, U),
            Place(lk.UNICEF, 9, 6, S),
            Place(lk.SUN_PF, 8, 2, S),
            Place(lk.SUPERMARKET, 2, 6, OPP, "Opposed the proposed price display rules."),
            Place(lk.SAMURDHI, 6, 7, U),
            Place(
                lk.HOUSEHOLDS, 10, 1, U, "Low-income households.", is_primary=True, is_label=True
            ),
            Place(lk.SARVODAYA, 8, 4, S),
            Place(lk.WFP, 10, 6, S),
            Place(
                "Ministry of Agriculture",
                6,
                9,
                U,
                "Focused on restoring fertiliser supply after the 2021-22 shortage.",
            ),
        ),
    ),
    MapSpec(
        WORKSHOP_MAP,
        ISSUE,
        "2023-06-26",
        "Mapped at the partnering workshop in Colombo (UNSDCF 2023-2027): each "
        "stakeholder's interest in, and influence over, increasing food security.",
        (
            Place(lk.MINISTRY_OF_HEALTH, 8, 8, S, "Leads the multi-sector nutrition action plan."),
            Place(
                lk.MINISTRY_OF_EDUCATION,
                7,
                6,
                S,
                "The school meal programme reaches over a million pupils.",
            ),
            Place(
                lk.NATIONAL_PLANNING,
                5,
                9,
                U,
                "Sets investment priorities; wants the economic case.",
            ),
            Place(lk.FPA, 6, 3, S, "Maternal and child nutrition through family health."),
            Place(
                lk.PRESIDENTIAL_SECRETARIAT,
                4,
                10,
                U,
                "Convening power; interest follows political priorities.",
            ),
            Place(lk.UNICEF, 9, 6, S, "Child nutrition; co-organised the workshop."),
            Place(lk.SUN_PF, 9, 3, S, "Civil society's voice in the SUN movement."),
            Place(
                lk.SUPERMARKET,
                4,
                6,
                U,
                "Shapes prices and what reaches urban shelves; interested in food waste.",
            ),
            Place(lk.SAMURDHI, 8, 7, S, "Runs the safety net for low-income households."),
            Place(
                lk.HOUSEHOLDS,
                10,
                2,
                U,
                "Low-income, rural and estate households: the people whose food security is "
                "at stake, with little say today.",
                is_primary=True,
                is_label=True,
            ),
            Place(lk.SARVODAYA, 8, 5, S, "Village societies; community kitchens."),
            Place(lk.WFP, 10, 6, S, "School meals and cash transfers; co-organiser."),
            Place(
                lk.APP_DESIGNER,
                3,
                2,
                U,
                "Could build a price and ration app; interest depends on a client.",
            ),
            Place("Ministry of Agriculture", 7, 8, U, "Seed and fertiliser supply."),
            Place(
                "Food and Agriculture Organization Sri Lanka",
                9,
                5,
                S,
                "Food-security monitoring with WFP.",
            ),
            Place("Ceylon Chamber of Commerce", 3, 5, U, "Supply-chain resilience."),
            Place(WOMEN_FARMERS, 9, 1, S, "Farmers are directly affected.", is_primary=True),
        ),
        copied_from=SCOPING_MAP,
    ),
)

WORKSHOP = "Partnering workshop: Strengthened, Resilient and Equitable Social Systems"
WORKSHOP_NOTES = (
    "Radisson Hotel, Colombo. Part of the UN's contribution to the UNSDCF 2023-2027. "
    "Partnership spectrum, value assessment framework and a stakeholder mapping exercise on "
    "food security in Sri Lanka."
)

INTERACTIONS = (
    InteractionSpec(
        lk.UNICEF,
        InteractionKind.WORKSHOP,
        WORKSHOP,
        "2023-06-26",
        "UNICEF, WFP, RCO and 30 participants from government, civil society and business",
        WORKSHOP_NOTES,
    ),
    InteractionSpec(
        lk.WFP,
        InteractionKind.WORKSHOP,
        WORKSHOP,
        "2023-06-26",
        "Head of programme; partnerships officer",
        WORKSHOP_NOTES,
    ),
    InteractionSpec(
        "UN Resident Coordinator's Office Sri Lanka",
        InteractionKind.WORKSHOP,
        WORKSHOP,
        "2023-06-26",
        "Partnerships officer",
        WORKSHOP_NOTES,
    ),
    InteractionSpec(
        lk.SARVODAYA,
        InteractionKind.MEETING,
        "Community kitchens and home gardens",
        14,
        "Partnerships manager; head of community programmes",
        "Sarvodaya can reach 300 villages in the pilot districts.",
        follow_up_in_days=-4,
    ),
    InteractionSpec(
        lk.SAMURDHI,
        InteractionKind.MEETING,
        "Targeting the pilot with Samurdhi lists",
        9,
        "Director, Social Security",
        "Data sharing needs a letter from the ministry.",
        follow_up_in_days=0,
    ),
    InteractionSpec(
        lk.SUPERMARKET,
        InteractionKind.CALL,
        "Food-waste redistribution pilot",
        5,
        "Head of sustainability",
        "Wants to start in three Colombo outlets.",
        follow_up_in_days=3,
    ),
    InteractionSpec(
        lk.APP_DESIGNER,
        InteractionKind.EMAIL,
        "Price app: scope and data protection",
        4,
        "Founder",
        "Sent the platform's data protection template.",
        follow_up_in_days=10,
    ),
    InteractionSpec(
        lk.SUN_PF,
        InteractionKind.CONSULTATION,
        "Civil society consultation on the nutrition action plan",
        21,
        "National coordinator and 12 member organisations",
        "Members asked for district-level targets.",
        follow_up_in_days=-10,
        follow_up_done=True,
    ),
    InteractionSpec(
        lk.MINISTRY_OF_HEALTH,
        InteractionKind.MEETING,
        "Nutrition surveillance data for the map",
        30,
        "Director, Nutrition Division",
        "The ministry will share district stunting and wasting figures.",
    ),
    InteractionSpec(
        "Bill & Melinda Gates Foundation",
        InteractionKind.CALL,
        "Co-funding the home gardens pilot",
        2,
        "Program officer, nutrition",
        "Interested if the pilot is evaluated independently.",
        follow_up_in_days=-1,
    ),
)

DEMO = PlatformDemo(
    organisations=lk.EXERCISE_ORGANISATIONS + OTHER_ORGANISATIONS,
    screenings=SCREENINGS,
    maps=MAPS,
    interactions=INTERACTIONS,
    representatives={"partner@uncp.example": lk.SARVODAYA},
)
