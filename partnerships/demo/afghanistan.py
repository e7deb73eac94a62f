"""The Partnering for Public Good platform's partnerships, from the initiative's own
record (seed document 000): the CSO certification programme, the regulation on sexual
harassment in the workplace, the quality of imported food and medicines, alternative
funding for civil society and media, and the access to information law."""

from stakeholders.demo.afghanistan import ACCI, ACSFO, ANSA, AWN, SAFFRON

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

ACBAR = "Agency Coordinating Body for Afghan Relief and Development"
ECONOMY = "Ministry of Economy"
KABUL_UNIVERSITY = "Kabul University"
AUAF = "American University of Afghanistan"
PAJHWOK = "Pajhwok Afghan News"
TOLO = "Tolo News"
AGA_KHAN = "Aga Khan Foundation Afghanistan"
UNDP = "United Nations Development Programme Afghanistan"
SIDA = "Swedish International Development Cooperation Agency"
PUBLIC_BODY = "A ministry: admitted on the initiative's agreement with the Government."
PENDING = "Screening under way; admitted by the platform admin so it can take part from the start."

CERTIFICATION = PartnershipSpec(
    title="CSO certification programme",
    description="Civil society organisations are certified against standards of "
    "governance, transparency and accountability, to raise their credibility with the "
    "public, donors and Government.",
    issue="The credibility and sustainability of civil society",
    type="combine",
    level="national",
    themes=("Civil society", "Accountability"),
    goals=(16, 17),
    targets=("16.6", "16.7", "17.17"),
    stage=8,
    lead=ACSFO,
    started_days_ago=500,
    is_public=True,
    partners=(
        PartnerSpec(
            ACSFO,
            "lead",
            aims="Certified organisations that donors and the public trust.",
            interests="A certification run by civil society, not imposed on it.",
            positions="Runs the certification office.",
        ),
        PartnerSpec(ACBAR, "core", aims="Its members certified first.", override_reason=PENDING),
        PartnerSpec(
            ECONOMY,
            "core",
            aims="Fewer inactive NGOs on the register.",
            positions="Certification should count towards NGO registration.",
            anchoring="department",
            override_reason=PUBLIC_BODY,
        ),
        PartnerSpec(AWN, "implementing", aims="Standards that count women's leadership."),
        PartnerSpec(AGA_KHAN, "funder", override_reason=PENDING),
        PartnerSpec(
            PAJHWOK,
            "observer",
            override_reason=PENDING,
            left_days_ago=60,
        ),
    ),
    vision="Afghan civil society is trusted by the people it serves, by donors and by Government.",
    purpose="Certify 300 civil society organisations against shared standards by 2027, "
    "and have donors and the Ministry recognise the certificate.",
    objectives=(
        ObjectiveSpec(
            "Shared standards and a certification office",
            "Standards agreed by the partners; an office certifying 100 organisations a year.",
            (
                ActivitySpec("Agree the standards", ACSFO, -420, 120, "done"),
                ActivitySpec("Train the assessors", AWN, -250, 90, "done"),
                ActivitySpec(
                    "Certify the first 100 organisations", ACSFO, -150, 300, "in_progress"
                ),
            ),
        ),
        ObjectiveSpec(
            "Recognition of the certificate",
            "Donors and the Ministry of Economy recognise it.",
            (
                ActivitySpec("Donor round table", AGA_KHAN, -60, 30, "done"),
                ActivitySpec("Ministry decree on certified NGOs", ECONOMY, 10, 180, "planned"),
            ),
        ),
    ),
    resources=(
        ResourceSpec(ACSFO, "staff", "The certification office: five staff", None, "", 24),
        ResourceSpec(ACBAR, "networks", "Its 180 member NGOs"),
        ResourceSpec(ECONOMY, "data", "The NGO register"),
        ResourceSpec(AWN, "staff", "Assessors trained in gender standards"),
        ResourceSpec(AGA_KHAN, "cash", "Grant for the certification office", "250000", "USD", 24),
        ResourceSpec(PAJHWOK, "networks", "Coverage of the certification results"),
    ),
    commitments=(
        CommitmentSpec("Publish the list of certified organisations", "", None, "on_track"),
        CommitmentSpec("Certify 100 organisations", ACSFO, -30, "at_risk"),
        CommitmentSpec("Assessors trained", AWN, -200, "done", "Training report: 40 assessors."),
        CommitmentSpec("Second grant instalment", AGA_KHAN, -12, "planned"),
        CommitmentSpec("Draft decree recognising the certificate", ECONOMY, -90, "missed"),
        CommitmentSpec("Members' applications collected", ACBAR, 40, "on_track"),
    ),
    bodies=(
        BodySpec(
            "Coordination and monitoring committee",
            "steering_committee",
            "formal_consensus",
            "strategy",
            "The standards, the annual Partnering for Public Good summit and the monitoring.",
            ((ACSFO, 2), (ACBAR, 1), (ECONOMY, 1), (AWN, 1), (AGA_KHAN, 1)),
        ),
        BodySpec(
            "Certification panel",
            "working_group",
            "qualified_majority",
            "implementation",
            "Decides each certificate.",
            ((ACSFO, 2), (AWN, 1), (ACBAR, 1)),
        ),
    ),
    levers=("standards", "norms", "organisation"),
    risks=(
        RiskSpec(
            "conflict_of_interest",
            "ACSFO certifies organisations that may later compete with it for funding.",
            3,
            3,
            "Panel members declare interests and step out of the decision.",
            ACSFO,
        ),
        RiskSpec(
            "financial",
            "The grant ends before fees cover the office.",
            4,
            4,
            "Fee scale agreed with donors.",
            AGA_KHAN,
        ),
    ),
    lessons=(
        "Forming partnerships is not easy: it takes time.",
        "Promoting ownership among all the sectors is critical.",
    ),
    health=(
        HealthSpec(
            "Annual health check 2024",
            opened_days_ago=200,
            closes_in=-180,
            closed=True,
            responses=(
                ResponseSpec(ACSFO, (4, 4, 4, 5, 4, 4)),
                ResponseSpec(ACBAR, (3, 4, 4, 4, 3, 3)),
                ResponseSpec(
                    ECONOMY,
                    (3, 2, 3, 3, 2, 2),
                    {"senior_commitment": "The deputy minister changed twice."},
                ),
                ResponseSpec(AWN, (4, 3, 4, 4, 3, 3)),
                ResponseSpec(AGA_KHAN, (4, 4, 3, 4, 4, 4)),
                ResponseSpec(PAJHWOK, (3, 3, 4, 4, 3, 3)),
            ),
        ),
        HealthSpec(
            "Annual health check 2025",
            opened_days_ago=4,
            closes_in=20,
            closed=False,
            responses=(
                ResponseSpec(AWN, (4, 4, 4, 4, 4, 3)),
                ResponseSpec(AGA_KHAN, (4, 3, 4, 4, 3, 4)),
            ),
        ),
    ),
    agreement_note="Memorandum of understanding signed at the Partnering for Public Good summit.",
)

QUALITY = PartnershipSpec(
    title="Quality of imported food and medicines",
    description="Business, Government, academia and civil society support the national "
    "standards authority to control the quality of imported goods, particularly "
    "medicines and food.",
    issue="Unsafe imported food and medicines",
    type="transform",
    level="national",
    themes=("Health", "Trade"),
    goals=(3, 12, 16),
    targets=("3.8", "12.4", "16.6"),
    stage=6,
    lead=ANSA,
    started_days_ago=360,
    partners=(
        PartnerSpec(ANSA, "lead", anchoring="organisation", override_reason=PUBLIC_BODY),
        PartnerSpec(ACCI, "core", aims="Fair inspections that do not stop trade."),
        PartnerSpec(KABUL_UNIVERSITY, "technical_adviser", override_reason=PENDING),
        PartnerSpec(ACSFO, "implementing", aims="Consumers' complaints heard."),
        PartnerSpec(UNDP, "funder", override_reason=PENDING),
    ),
    vision="Every medicine and food sold in Afghanistan is safe.",
    purpose="Test every consignment of imported medicines at the five main border posts.",
    objectives=(
        ObjectiveSpec(
            "Testing at the border posts",
            "Laboratories at five border posts.",
            (ActivitySpec("Equip the Torkham laboratory", ANSA, -30, 150, "in_progress"),),
        ),
    ),
    resources=(
        ResourceSpec(ANSA, "infrastructure", "Laboratories and inspectors"),
        ResourceSpec(ACCI, "networks", "Importers' associations"),
        ResourceSpec(KABUL_UNIVERSITY, "staff", "Pharmacists to train inspectors"),
        ResourceSpec(ACSFO, "networks", "A consumers' complaints line"),
        ResourceSpec(UNDP, "cash", "Laboratory equipment", "600000", "USD", 18),
    ),
    commitments=(
        CommitmentSpec("Importers informed of the new tests", ACCI, -8, "on_track"),
        CommitmentSpec("Training curriculum for inspectors", KABUL_UNIVERSITY, 50),
    ),
    bodies=(
        BodySpec(
            "Standards council",
            "governing_board",
            "qualified_majority",
            "strategy",
            "Which goods are tested, and how.",
            ((ANSA, 2), (ACCI, 1), (ACSFO, 1), (KABUL_UNIVERSITY, 1)),
        ),
    ),
    levers=("policy", "standards", "evidence"),
)

SAFE_WORKPLACES = PartnershipSpec(
    title="Safe workplaces for women",
    description="Employers, women's organisations and researchers put the regulation on "
    "sexual harassment in the workplace into practice.",
    issue="Gender inequality at work",
    type="leverage",
    level="national",
    themes=("Gender", "Work"),
    goals=(5, 8),
    targets=("5.1", "5.5", "8.8"),
    stage=5,
    lead=AWN,
    started_days_ago=240,
    partners=(
        PartnerSpec(AWN, "lead", aims="The regulation applied in every workplace."),
        PartnerSpec(ACCI, "core", aims="Practical guidance its members can follow."),
        PartnerSpec(AUAF, "technical_adviser", override_reason=PENDING),
    ),
    vision="Women work in Afghanistan free from harassment.",
    purpose="Anti-harassment policies in 500 member businesses of the Chamber.",
    objectives=(
        ObjectiveSpec(
            "A model policy and training",
            "A model policy adopted by 500 businesses.",
            (ActivitySpec("Draft the model policy", AWN, -40, 60, "in_progress"),),
        ),
    ),
    resources=(ResourceSpec(AUAF, "data", "Survey of women employees"),),
    commitments=(CommitmentSpec("Circulate the model policy to members", ACCI, 30),),
)

SAFFRON_EXPORTS = PartnershipSpec(
    title="Saffron exports for women growers",
    description="A growers' cooperative, the Chamber and a donor open export markets "
    "for Herat saffron.",
    issue="Livelihoods of women-headed households",
    type="leverage",
    level="local",
    themes=("Livelihoods", "Trade"),
    goals=(1, 5, 8),
    targets=("1.4", "5.a", "8.3"),
    stage=3,
    lead=SAFFRON,
    started_days_ago=120,
    partners=(
        PartnerSpec(SAFFRON, "lead"),
        PartnerSpec(ACCI, "core"),
        PartnerSpec(SIDA, "funder", override_reason=PENDING),
    ),
    vision="Women saffron growers in Herat earn a fair share of the export price.",
)

INFORMATION = PartnershipSpec(
    title="Access to information law in practice",
    description="Media and civil society explore how to help citizens use the access to "
    "information law.",
    issue="Access to information",
    type="transform",
    level="national",
    themes=("Media", "Accountability"),
    goals=(16,),
    targets=("16.10",),
    stage=1,
    lead=ACSFO,
    started_days_ago=20,
    partners=(
        PartnerSpec(ACSFO, "lead"),
        PartnerSpec(TOLO, "", override_reason=PENDING),
    ),
)

PARTNERSHIPS = (CERTIFICATION, QUALITY, SAFE_WORKPLACES, SAFFRON_EXPORTS, INFORMATION)
