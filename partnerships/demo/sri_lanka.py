"""The UN Sri Lanka platform's partnerships, around food security and nutrition (the
partnering workshop the stakeholders demo logs): a combine partnership in implementation
with its full record, and others at earlier stages of the journey."""

from stakeholders.demo import sri_lanka_organisations as lk

from .records import (
    ActivitySpec,
    BodySpec,
    CommitmentSpec,
    HealthSpec,
    ObjectiveSpec,
    PartnershipSpec,
    PartnerSpec,
    ResourceSpec,
    ResponseSpec,
    RiskSpec,
)

FAO = "Food and Agriculture Organization Sri Lanka"
RCO = "UN Resident Coordinator's Office Sri Lanka"
AGRICULTURE = "Ministry of Agriculture"
CHAMBER = "Ceylon Chamber of Commerce"
HARTI = "Hector Kobbekaduwa Agrarian Research and Training Institute"
WOMEN_FARMERS = "Hambantota Women Farmers' Collective"
DAIRY = "Ruhuna Dairy Processors"
SAVE_THE_CHILDREN = "Save the Children Sri Lanka"
COLOMBO = "Colombo Municipal Council"
WORLD_VISION = "World Vision Lanka"
NUTRITION_TRUST = "Lanka Nutrition Trust"
MEDICINE = "University of Colombo, Faculty of Medicine"
PUBLIC_BODY = (
    "A public body: the platform admits ministries and departments on the Government's "
    "partnership framework while their screening is completed."
)

HOME_GARDENS = PartnershipSpec(
    title="Home gardens and school meals",
    description="Families in the Uva and Southern provinces grow vegetables in home "
    "gardens; the schools their children attend buy the produce for the school meals "
    "programme, and a supermarket chain buys the surplus.",
    issue="Food security in Sri Lanka",
    type="combine",
    level="national",
    themes=("Food security", "Nutrition", "Education"),
    goals=(2, 3, 4, 17),
    targets=("2.1", "2.2", "2.3", "4.1", "17.17"),
    stage=8,
    lead=lk.WFP,
    started_days_ago=420,
    map_title="Food security in Sri Lanka",
    is_public=True,
    partners=(
        PartnerSpec(
            lk.WFP,
            "lead",
            aims="A school meals programme the Government can run on its own by 2028.",
            interests="Local procurement that outlasts its own funding.",
            positions="Leads the steering committee and the monitoring.",
        ),
        PartnerSpec(
            lk.UNICEF,
            "core",
            aims="Fewer stunted and wasted children in the two provinces.",
            interests="Nutrition education reaching mothers, not only pupils.",
            positions="Will fund the nutrition materials, not the kitchens.",
        ),
        PartnerSpec(
            lk.SARVODAYA,
            "implementing",
            aims="Income for village families and stronger village societies.",
            interests="Being a partner, not a subcontractor.",
            positions="Trains the families through its village societies.",
            anchoring="organisation",
        ),
        PartnerSpec(
            lk.MINISTRY_OF_EDUCATION,
            "core",
            aims="Better attendance and learning in rural schools.",
            interests="A programme it can budget for after the pilot.",
            positions="School principals decide what their kitchens buy.",
            anchoring="department",
            override_reason=PUBLIC_BODY,
        ),
        PartnerSpec(
            lk.SUPERMARKET,
            "implementing",
            aims="A reliable supply of local vegetables and a good story to tell.",
            interests="Quality standards its customers trust.",
            positions="Buys only graded produce, at market price.",
            anchoring="department",
            opt_outs="The school kitchen audits (it has no role in the schools).",
        ),
        PartnerSpec(
            lk.SAMURDHI,
            "implementing",
            aims="Households moving out of the Samurdhi welfare rolls.",
            interests="Reaching the poorest households first.",
            positions="Selects the families from its beneficiary lists.",
            anchoring="individuals",
            override_reason=PUBLIC_BODY,
        ),
    ),
    vision="Every child in the Uva and Southern provinces eats a nutritious meal at school "
    "every day, grown by families in their own villages.",
    purpose="Link 2,000 family home gardens to the school meals programme of 150 schools "
    "by 2027, so that at least 60% of the vegetables served are grown locally.",
    objectives=(
        ObjectiveSpec(
            "School kitchens buy from local home gardens",
            "150 schools buy at least 60% of their vegetables from the gardens.",
            (
                ActivitySpec("Select the 150 schools", lk.MINISTRY_OF_EDUCATION, -300, 60, "done"),
                ActivitySpec(
                    "Agree prices and grading with the kitchens", lk.WFP, -200, 90, "done"
                ),
                ActivitySpec("Monthly purchase records", lk.WFP, -120, 360, "in_progress"),
            ),
        ),
        ObjectiveSpec(
            "2,000 families grow and sell vegetables",
            "2,000 gardens producing; families earn from the surplus.",
            (
                ActivitySpec("Select the families", lk.SAMURDHI, -330, 45, "done"),
                ActivitySpec(
                    "Train families in home gardening", lk.SARVODAYA, -250, 240, "delayed"
                ),
                ActivitySpec("Buy the graded surplus", lk.SUPERMARKET, -60, 300, "in_progress"),
            ),
        ),
        ObjectiveSpec(
            "Children and parents know what a healthy meal is",
            "Nutrition lessons in every school; materials in Sinhala and Tamil.",
            (
                ActivitySpec("Nutrition materials in Sinhala and Tamil", lk.UNICEF, -90, 120),
                ActivitySpec("Parents' cooking days", "", 30, 180),
            ),
        ),
    ),
    resources=(
        ResourceSpec(
            lk.WFP, "cash", "Kitchen equipment and the first year's purchases", "450000", "USD", 24
        ),
        ResourceSpec(lk.UNICEF, "cash", "Nutrition education materials", "120000", "USD", 18),
        ResourceSpec(
            lk.SARVODAYA, "staff", "Twenty field officers in the village societies", None, "", 24
        ),
        ResourceSpec(lk.SARVODAYA, "networks", "Village societies in 300 villages"),
        ResourceSpec(
            lk.MINISTRY_OF_EDUCATION, "infrastructure", "School kitchens and storage", None, "", 36
        ),
        ResourceSpec(
            lk.SUPERMARKET, "in_kind", "Crates, grading tables and transport", "35000000", "LKR", 12
        ),
        ResourceSpec(lk.SAMURDHI, "data", "Beneficiary lists to select the families"),
    ),
    commitments=(
        CommitmentSpec(
            "Share the monitoring data with all partners each quarter", "", None, "on_track"
        ),
        CommitmentSpec(
            "Put the children's nutrition before any partner's visibility", "", None, "planned"
        ),
        CommitmentSpec(
            "Select 2,000 families from the beneficiary lists",
            lk.SAMURDHI,
            -300,
            "done",
            "Lists of 2,046 families, signed by the divisional secretaries.",
        ),
        CommitmentSpec(
            "Equip the 150 school kitchens",
            lk.WFP,
            -150,
            "done",
            "Delivery notes for all 150 schools.",
        ),
        CommitmentSpec("Train 2,000 families in home gardening", lk.SARVODAYA, -20, "at_risk"),
        CommitmentSpec("Publish the first quarterly purchase report", lk.WFP, -10, "on_track"),
        CommitmentSpec(
            "Nutrition materials printed in Sinhala and Tamil", lk.UNICEF, -5, "planned"
        ),
        CommitmentSpec(
            "Agree the grading standard with the farmers", lk.SUPERMARKET, -45, "missed"
        ),
        CommitmentSpec(
            "Circular to principals on buying locally", lk.MINISTRY_OF_EDUCATION, 21, "planned"
        ),
        CommitmentSpec(
            "Buy at least 20 tonnes of surplus vegetables", lk.SUPERMARKET, 120, "on_track"
        ),
        CommitmentSpec("Report the families' income from the surplus", lk.SARVODAYA, 60, "planned"),
    ),
    bodies=(
        BodySpec(
            "Steering committee",
            "steering_committee",
            "formal_consensus",
            "strategy",
            "Strategy, budget and the admission of new partners.",
            ((lk.WFP, 2), (lk.UNICEF, 1), (lk.SARVODAYA, 1), (lk.MINISTRY_OF_EDUCATION, 2)),
        ),
        BodySpec(
            "Provincial working group",
            "working_group",
            "simple_majority",
            "implementation",
            "The work plan, purchases and training schedules in the two provinces.",
            ((lk.SARVODAYA, 2), (lk.SUPERMARKET, 1), (lk.SAMURDHI, 1), (lk.WFP, 1)),
        ),
    ),
    levers=("education", "market", "evidence", "community"),
    risks=(
        RiskSpec(
            "delivery",
            "The dry season cuts the gardens' output below what the kitchens need.",
            3,
            4,
            "Drip irrigation kits for the driest villages; kitchens keep a second supplier.",
            lk.SARVODAYA,
        ),
        RiskSpec(
            "co_optation",
            "The supermarket's brand dominates the programme's public image.",
            2,
            3,
            "Communications agreed by the steering committee; no logos in schools.",
            lk.WFP,
        ),
        RiskSpec(
            "funder_dependency",
            "The kitchens depend on WFP's purchases after 2027.",
            4,
            4,
            "The Ministry budgets the purchases from 2027; reviewed each year.",
            lk.MINISTRY_OF_EDUCATION,
        ),
    ),
    divergences=(
        (
            "The supermarket wants exclusive rights to the surplus; Sarvodaya wants the "
            "families free to sell at the village fair.",
            "Agreed to disagree: the supermarket has first refusal on graded produce only; "
            "the rest is the families' to sell.",
        ),
    ),
    lessons=(
        "Training took longer than planned: village societies meet monthly, so each step "
        "waits for the next meeting. Plan training around their calendar.",
    ),
    health=(
        HealthSpec(
            "Health check, first year",
            opened_days_ago=140,
            closes_in=-120,
            closed=True,
            responses=(
                ResponseSpec(lk.WFP, (4, 4, 4, 4, 3, 4)),
                ResponseSpec(lk.UNICEF, (4, 3, 4, 4, 3, 3)),
                ResponseSpec(
                    lk.SARVODAYA,
                    (4, 4, 3, 4, 2, 3),
                    {"empowered_partners": "We are asked to deliver, not to decide."},
                ),
                ResponseSpec(lk.MINISTRY_OF_EDUCATION, (3, 4, 4, 3, 3, 2)),
                ResponseSpec(lk.SUPERMARKET, (3, 3, 3, 2, 4, 3)),
                ResponseSpec(lk.SAMURDHI, (4, 3, 4, 4, 3, 3)),
            ),
        ),
        HealthSpec(
            "Health check, second year",
            opened_days_ago=6,
            closes_in=14,
            closed=False,
            responses=(
                ResponseSpec(lk.WFP, (4, 4, 5, 4, 4, 4)),
                ResponseSpec(
                    lk.SUPERMARKET,
                    (2, 3, 3, 2, 3, 3),
                    {"value_creation": "The grading standard is still not agreed."},
                ),
                ResponseSpec(lk.UNICEF, (4, 4, 4, 4, 3, 4)),
            ),
        ),
    ),
    agreement_note="Partnering agreement signed by all six partners at the steering committee.",
)

NUTRITION_APP = PartnershipSpec(
    title="Nutrition advice in every pocket",
    description="A mobile app that gives families nutrition advice in Sinhala and Tamil, "
    "built by a local app designer with UNICEF's content and the Ministry's approval.",
    issue="Food security in Sri Lanka",
    type="leverage",
    level="national",
    themes=("Nutrition", "Digital"),
    goals=(2, 3),
    targets=("2.2", "3.4"),
    stage=5,
    lead=lk.UNICEF,
    started_days_ago=200,
    partners=(
        PartnerSpec(lk.UNICEF, "lead", aims="Nutrition advice reaching one million families."),
        PartnerSpec(
            lk.APP_DESIGNER,
            "technical_adviser",
            aims="A showcase product and a maintenance contract.",
            positions="Keeps the rights to the app's code.",
        ),
        PartnerSpec(
            lk.MINISTRY_OF_HEALTH,
            "core",
            aims="Advice consistent with the national guidelines.",
            anchoring="department",
            override_reason=PUBLIC_BODY,
        ),
        PartnerSpec(
            lk.SUN_PF,
            "implementing",
            aims="Its members' voice in what the app says.",
            override_reason="Screening under way (references pending); admitted to the "
            "design workshops only, with the steering group's agreement.",
        ),
    ),
    vision="Every family in Sri Lanka can get trusted nutrition advice in its own language.",
    purpose="An app in Sinhala and Tamil, endorsed by the Ministry of Health, used by "
    "100,000 families within a year of launch.",
    objectives=(
        ObjectiveSpec(
            "A first version tested with families",
            "Tested in 20 villages; families understand the advice.",
            (
                ActivitySpec(
                    "Write the advice in Sinhala and Tamil", lk.UNICEF, -60, 90, "in_progress"
                ),
                ActivitySpec("Build and test the app", lk.APP_DESIGNER, -30, 120, "in_progress"),
            ),
        ),
    ),
    resources=(
        ResourceSpec(lk.UNICEF, "cash", "Development of the app", "80000", "USD", 12),
        ResourceSpec(lk.APP_DESIGNER, "staff", "Two developers at cost", None, "", 12),
        ResourceSpec(lk.MINISTRY_OF_HEALTH, "legitimacy", "The Ministry's endorsement"),
    ),
    commitments=(
        CommitmentSpec(
            "Advice reviewed against the national guidelines", lk.MINISTRY_OF_HEALTH, 45
        ),
        CommitmentSpec("Organise the testing in 20 villages", lk.SUN_PF, 75),
    ),
)

FOOD_SYSTEMS = PartnershipSpec(
    title="Food systems dialogue: from farm to fork",
    description="The food systems summit's national pathway: producers, processors, "
    "retailers, researchers and Government working out together how food is grown, "
    "traded and eaten in Sri Lanka.",
    issue="Food security in Sri Lanka",
    type="transform",
    level="national",
    themes=("Food security", "Agriculture", "Climate"),
    goals=(2, 12, 13, 17),
    targets=("2.4", "12.3", "17.17"),
    stage=3,
    lead=RCO,
    started_days_ago=160,
    map_title="Food security in Sri Lanka",
    partners=(
        PartnerSpec(RCO, "lead", aims="A national pathway owned by the Government."),
        PartnerSpec(FAO, "technical_adviser", aims="Evidence-based policy on food loss."),
        PartnerSpec(AGRICULTURE, "core", anchoring="department", override_reason=PUBLIC_BODY),
        PartnerSpec(CHAMBER, "core", aims="Predictable rules for agri-business."),
        PartnerSpec(
            HARTI,
            "technical_adviser",
            override_reason="Public research institute: "
            "screened through the Ministry of Agriculture.",
        ),
        PartnerSpec(
            WOMEN_FARMERS,
            "core",
            aims="Women farmers heard in the policy that affects them.",
            override_reason="Screening pending; the primary stakeholders must be in the room "
            "from the start (agreed by the platform admin).",
        ),
        PartnerSpec(lk.SARVODAYA, "core", aims="Village voices in the national pathway."),
    ),
    vision="A food system that feeds every Sri Lankan well, pays farmers fairly and "
    "withstands the climate to come.",
    back_at=3,
    back_note="The Chamber and the women farmers' collective asked to reopen the vision: "
    "it said nothing about fair prices for farmers.",
)

SCHOOL_MILK = PartnershipSpec(
    title="Milk for school children in Hambantota",
    description="A dairy processor and Save the Children explore a school milk scheme.",
    issue="Child nutrition",
    type="leverage",
    level="local",
    themes=("Nutrition",),
    goals=(2,),
    targets=("2.2",),
    stage=1,
    lead=SAVE_THE_CHILDREN,
    started_days_ago=30,
    partners=(
        PartnerSpec(SAVE_THE_CHILDREN, "lead"),
        PartnerSpec(DAIRY, "", override_reason="Screening requested; exploratory talks only."),
    ),
)

URBAN_NUTRITION = PartnershipSpec(
    title="Healthy food in Colombo's low-income settlements",
    description="The city, NGOs and researchers combine their programmes on nutrition "
    "in the settlements of Colombo.",
    issue="Urban malnutrition",
    type="combine",
    level="local",
    themes=("Nutrition", "Health"),
    goals=(2, 3, 11),
    targets=("2.2", "3.4", "11.1"),
    stage=6,
    lead=COLOMBO,
    started_days_ago=300,
    partners=(
        PartnerSpec(COLOMBO, "lead", anchoring="department", override_reason=PUBLIC_BODY),
        PartnerSpec(WORLD_VISION, "implementing", override_reason="Screening renewal under way."),
        PartnerSpec(NUTRITION_TRUST, "funder", override_reason="Screening renewal under way."),
        PartnerSpec(MEDICINE, "technical_adviser", override_reason="Public university."),
    ),
    vision="No child in Colombo's settlements goes hungry or eats badly.",
    purpose="Halve child wasting in 40 settlements in three years.",
    objectives=(
        ObjectiveSpec(
            "Community kitchens in 40 settlements",
            "40 kitchens run by residents' committees.",
            (ActivitySpec("Open the first ten kitchens", WORLD_VISION, -40, 120, "in_progress"),),
        ),
    ),
    resources=(
        ResourceSpec(COLOMBO, "infrastructure", "Community halls for the kitchens"),
        ResourceSpec(WORLD_VISION, "staff", "Community mobilisers"),
        ResourceSpec(NUTRITION_TRUST, "cash", "Kitchen grants", "40000000", "LKR", 36),
        ResourceSpec(MEDICINE, "data", "Baseline survey of child nutrition"),
    ),
    commitments=(
        CommitmentSpec("Baseline survey report", MEDICINE, -15, "at_risk"),
        CommitmentSpec("First grants paid", NUTRITION_TRUST, 30, "on_track"),
    ),
    bodies=(
        BodySpec(
            "Partnership board",
            "governing_board",
            "lead_decides",
            "strategy",
            "The city decides after consulting the partners.",
            ((COLOMBO, 2), (WORLD_VISION, 1), (NUTRITION_TRUST, 1), (MEDICINE, 1)),
        ),
    ),
    levers=("infrastructure", "community"),
)

PARTNERSHIPS = (HOME_GARDENS, NUTRITION_APP, FOOD_SYSTEMS, SCHOOL_MILK, URBAN_NUTRITION)
