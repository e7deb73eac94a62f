"""Partnering for Public Good (Afghanistan): a smaller registry drawn from seed 000, whose
2015 priorities were the credibility and sustainability of civil society and media, the
quality of imported food and medicines, workplace harassment rules and access to
information. Every person is fictional; so is the saffron cooperative."""

from stakeholders.models import (
    FindingRating,
    InteractionKind,
    RiskLevel,
    ScreeningDecision,
    Sector,
    SubType,
)

from .records import Finding, InteractionSpec, Org, Person, PlatformDemo, ScreeningSpec

ACSFO = "Afghanistan Civil Society Forum-organization"
ANSA = "Afghanistan National Standards Authority"
ACCI = "Afghanistan Chamber of Commerce and Industries"
AWN = "Afghan Women's Network"
SAFFRON = "Herat Saffron Growers' Cooperative"


def _org(name, acronym, sector, sub_type, website, mandate, constituencies, themes, *people):
    return Org(
        name, acronym, sector, sub_type, website, mandate, constituencies, themes, people, "AF"
    )


ORGANISATIONS = (
    _org(
        ACSFO,
        "ACSFo",
        Sector.CIVIL_SOCIETY,
        SubType.NATIONAL_NGO,
        "",
        "Capacity building and coordination of Afghan civil society organisations; runs the "
        "CSO certification programme.",
        "Member civil society organisations across the provinces.",
        ("Civil society", "Accountability"),
        Person(
            "Yusuf Hakimi", "Programme coordinator", "+93 70 012 3456", email="partner@ppg.example"
        ),
        Person("Shabnam Rasuli", "Certification officer"),
    ),
    _org(
        AWN,
        "AWN",
        Sector.CIVIL_SOCIETY,
        SubType.NATIONAL_NGO,
        "",
        "Advocacy for women's rights and participation; a network of women's organisations.",
        "Women's organisations and the women they serve.",
        ("Gender", "Workplace harassment"),
        Person("Zarghona Sadat", "Advocacy manager"),
    ),
    _org(
        "Agency Coordinating Body for Afghan Relief and Development",
        "ACBAR",
        Sector.CIVIL_SOCIETY,
        "",
        "https://www.acbar.org",
        "Coordination and information sharing among national and international NGOs.",
        "Its member NGOs.",
        ("Civil society", "Coordination"),
        Person("Omid Stanikzai", "Policy officer"),
    ),
    _org(
        ANSA,
        "ANSA",
        Sector.GOVERNMENT,
        SubType.MINISTRY_AGENCY,
        "",
        "National standards, testing and certification, including imported food and medicines.",
        "Consumers and producers in Afghanistan.",
        ("Standards", "Food and medicine quality"),
        Person("Eng. Naweed Popal", "Director of quality control", "+93 20 210 0551"),
    ),
    _org(
        "Ministry of Economy",
        "MoEc",
        Sector.GOVERNMENT,
        SubType.MINISTRY_AGENCY,
        "",
        "Economic policy and the registration and oversight of NGOs.",
        "The public; registered NGOs.",
        ("Civil society", "Private sector development"),
        Person("Habiba Waziri", "Head of NGO department"),
    ),
    _org(
        ACCI,
        "ACCI",
        Sector.BUSINESS,
        SubType.BUSINESS_ASSOCIATION,
        "https://www.acci.org.af",
        "Represents and serves Afghan businesses; advocates a better business environment.",
        "Member businesses and provincial chambers.",
        ("Private sector development", "Standards"),
        Person("Jawed Amiri", "Deputy chief executive", "+93 75 200 4410"),
    ),
    _org(
        SAFFRON,
        "",
        Sector.BUSINESS,
        SubType.SME,
        "https://herat-saffron.example.com",
        "A saffron growers' and processors' cooperative (fictional) exporting from Herat.",
        "About 300 grower households, many of them women-headed.",
        ("Private sector development", "Gender", "Standards"),
        Person("Parwin Herawi", "General manager"),
    ),
    _org(
        "Kabul University",
        "",
        Sector.ACADEMIA,
        "",
        "https://ku.edu.af",
        "Public university: teaching and research, including law and public policy.",
        "Students and academic staff.",
        ("Research", "Access to information"),
        Person("Dr Hamid Rahmani", "Dean, Faculty of Public Policy"),
    ),
    _org(
        "American University of Afghanistan",
        "AUAF",
        Sector.ACADEMIA,
        "",
        "https://auaf.edu.af",
        "Private university: business, law and political science; a centre for research on "
        "the private sector.",
        "Students and researchers.",
        ("Research", "Private sector development"),
        Person("Sarah Whitfield", "Director of research"),
    ),
    _org(
        "Pajhwok Afghan News",
        "",
        Sector.MEDIA,
        "",
        "https://pajhwok.com",
        "Independent news agency publishing in Dari, Pashto and English.",
        "Its readers and subscribing media.",
        ("Media", "Access to information"),
        Person("Ahmad Shah Nazari", "Editor"),
    ),
    _org(
        "Tolo News",
        "",
        Sector.MEDIA,
        "",
        "https://tolonews.com",
        "Television news channel.",
        "Its viewers.",
        ("Media", "Access to information"),
        Person("Mina Ahmadi", "Head of current affairs"),
    ),
    _org(
        "Aga Khan Foundation Afghanistan",
        "AKF",
        Sector.FOUNDATION,
        "",
        "https://www.akdn.org",
        "Rural development, education, health and civil society strengthening.",
        "Rural communities and the organisations it partners with.",
        ("Civil society", "Rural development"),
        Person("Karim Jiwa", "Civil society programme lead"),
    ),
    _org(
        "United Nations Development Programme Afghanistan",
        "UNDP",
        Sector.UNITED_NATIONS,
        "",
        "https://www.undp.org/afghanistan",
        "Sustainable development, governance and livelihoods.",
        "The people of Afghanistan.",
        ("Governance", "Livelihoods"),
        Person("Lena Morales", "Partnerships specialist"),
    ),
    Org(
        "Swedish International Development Cooperation Agency",
        "Sida",
        Sector.DONOR,
        "",
        "https://www.sida.se",
        "Sweden's development cooperation; supported the platforms for partnership workshop.",
        "Swedish taxpayers; its partner organisations.",
        ("Funding", "Civil society"),
        (Person("Anna Berglund", "Programme officer"),),
        country="SE",
    ),
)

M, P, N = FindingRating.MEETS, FindingRating.PARTLY, FindingRating.NOT_ASSESSED

SCREENINGS = (
    ScreeningSpec(
        ACCI,
        ScreeningDecision.CLEARED,
        RiskLevel.LOW,
        140,
        "Broad membership, clear mandate; no conflicts found.",
        (
            Finding(M, "Chambers in most provinces."),
            Finding(M, ""),
            Finding(M, "Ran the 2015 business environment survey."),
            Finding(M, ""),
            Finding(M, ""),
            Finding(M, "None declared."),
        ),
        decided_days_ago=120,
    ),
    ScreeningSpec(
        AWN,
        ScreeningDecision.CLEARED,
        RiskLevel.LOW,
        100,
        "Representative network with a strong record on workplace harassment rules.",
        (
            Finding(M, ""),
            Finding(M, ""),
            Finding(M, ""),
            Finding(M, ""),
            Finding(M, ""),
            Finding(M, ""),
        ),
        decided_days_ago=90,
    ),
    ScreeningSpec(
        ACSFO,
        ScreeningDecision.CLEARED,
        RiskLevel.LOW,
        60,
        "Runs the CSO certification programme the platform backs.",
        (
            Finding(M, ""),
            Finding(M, ""),
            Finding(M, ""),
            Finding(M, ""),
            Finding(M, ""),
            Finding(P, "Certifies organisations that may later apply."),
        ),
        decided_days_ago=45,
    ),
    ScreeningSpec(
        SAFFRON,
        ScreeningDecision.CLEARED_WITH_CONDITIONS,
        RiskLevel.MEDIUM,
        50,
        "Good fit for the quality standards work; labour practices need checking.",
        (
            Finding(P, "Speaks for its members, not for all growers."),
            Finding(M, ""),
            Finding(P, "Small team."),
            Finding(M, ""),
            Finding(P, "Seasonal workers' conditions not documented."),
            Finding(M, ""),
        ),
        decided_days_ago=30,
        conditions="Document seasonal workers' pay and conditions within six months.",
    ),
    ScreeningSpec(
        ANSA,
        ScreeningDecision.PENDING,
        "",
        10,
        "Opened for the food and medicine quality working group.",
        (
            Finding(M, ""),
            Finding(M, "Statutory mandate."),
            Finding(N, ""),
            Finding(N, ""),
            Finding(N, ""),
            Finding(N, ""),
        ),
    ),
)

INTERACTIONS = (
    InteractionSpec(
        ACSFO,
        InteractionKind.WORKSHOP,
        "Civil Society Innovation Lab, Almaty",
        "2016-08-22",
        "ACSFo, AWN, ACCI, PPG secretariat",
        "Two days on opportunities for CSOs to partner with business and media.",
    ),
    InteractionSpec(
        ANSA,
        InteractionKind.MEETING,
        "Quality of imported food and medicines",
        20,
        "Director of quality control; PPG broker",
        "Agreed to share the list of testing labs.",
        follow_up_in_days=5,
    ),
    InteractionSpec(
        ACCI,
        InteractionKind.CALL,
        "Business members for the harassment guidelines",
        12,
        "Deputy chief executive",
        "ACCI will nominate three member companies.",
        follow_up_in_days=-3,
    ),
)

DEMO = PlatformDemo(
    organisations=ORGANISATIONS,
    screenings=SCREENINGS,
    interactions=INTERACTIONS,
    representatives={"partner@ppg.example": ACSFO},
)
