"""The UN Sri Lanka platform's registry, part one: every organisation of the
food-security stakeholder mapping exercise (seed 003, UNSDCF partnering workshop,
Colombo, 26 June 2023). The others are in sri_lanka_others.

Real organisations carry only public facts; every person is fictional, and the
businesses that are screened with conditions or declined are fictional too.
"""

from stakeholders.models import Sector, SubType

from .records import Org, Person

CS, AC, BU, UN = Sector.CIVIL_SOCIETY, Sector.ACADEMIA, Sector.BUSINESS, Sector.UNITED_NATIONS
GOV, DO, FO, ME = Sector.GOVERNMENT, Sector.DONOR, Sector.FOUNDATION, Sector.MEDIA

# The stakeholders named in the mapping exercise, by the names the registry uses.
MINISTRY_OF_HEALTH = "Ministry of Health"
MINISTRY_OF_EDUCATION = "Ministry of Education"
NATIONAL_PLANNING = "National Planning Department"
FPA = "Family Planning Association of Sri Lanka"
PRESIDENTIAL_SECRETARIAT = "Presidential Secretariat"
UNICEF = "UNICEF Sri Lanka"
SUN_PF = "Scaling Up Nutrition People's Forum"
SUPERMARKET = "Island Fresh Supermarkets"
SAMURDHI = "Department of Samurdhi Development"
SARVODAYA = "Sarvodaya"
WFP = "World Food Programme Sri Lanka"
APP_DESIGNER = "Pixel Paddy Apps"
HOUSEHOLDS = "Households"

EXERCISE = (
    MINISTRY_OF_HEALTH,
    MINISTRY_OF_EDUCATION,
    NATIONAL_PLANNING,
    FPA,
    PRESIDENTIAL_SECRETARIAT,
    UNICEF,
    SUN_PF,
    SUPERMARKET,
    SAMURDHI,
    SARVODAYA,
    WFP,
    APP_DESIGNER,
)

FOOD = ("Food security", "Nutrition")

EXERCISE_ORGANISATIONS: tuple[Org, ...] = (
    Org(
        MINISTRY_OF_HEALTH,
        "MoH",
        GOV,
        SubType.MINISTRY_AGENCY,
        "https://www.health.gov.lk",
        "Public health services, including the national nutrition programme and the "
        "nutrition surveillance of mothers and children.",
        "The people of Sri Lanka, through the public health system.",
        (*FOOD, "Maternal and child health"),
        (
            Person("Dr Chandrika Senanayake", "Director, Nutrition Division", "+94 11 269 4033"),
            Person("Lahiru Bandara", "Planning officer"),
        ),
    ),
    Org(
        MINISTRY_OF_EDUCATION,
        "MoE",
        GOV,
        SubType.MINISTRY_AGENCY,
        "https://moe.gov.lk",
        "General education, including the school meal programme.",
        "Pupils, parents and teachers of government schools.",
        ("Nutrition", "School meals", "Education"),
        (Person("Anoma Dissanayake", "Director, School Health and Nutrition", "+94 11 278 5141"),),
    ),
    Org(
        NATIONAL_PLANNING,
        "NPD",
        GOV,
        SubType.MINISTRY_AGENCY,
        "https://www.npd.gov.lk",
        "National development planning and the appraisal of public investment.",
        "Government; the public through the national budget.",
        ("Food security", "Planning", "Public finance"),
        (Person("Sanjeewa Ratnayake", "Additional Director General"),),
    ),
    Org(
        FPA,
        "FPA Sri Lanka",
        CS,
        SubType.NATIONAL_NGO,
        "https://www.fpasrilanka.org",
        "Sexual and reproductive health services and family health education.",
        "Women, young people and families, especially in under-served districts.",
        ("Maternal and child health", "Nutrition", "Gender"),
        (
            Person("Ishara Wijesinghe", "Programme manager", "+94 11 255 5455"),
            Person("Dinesh Gunawardena", "Partnerships officer"),
        ),
    ),
    Org(
        PRESIDENTIAL_SECRETARIAT,
        "",
        GOV,
        SubType.MINISTRY_AGENCY,
        "https://www.presidentsoffice.gov.lk",
        "Supports the President; convenes national task forces, including on food security.",
        "The Government of Sri Lanka.",
        ("Food security", "Policy coordination"),
        (Person("Malith Abeywardena", "Senior assistant secretary"),),
    ),
    Org(
        UNICEF,
        "UNICEF",
        UN,
        "",
        "https://www.unicef.org/srilanka",
        "Children's rights: child nutrition, health, education and protection.",
        "Children and adolescents in Sri Lanka, especially the most disadvantaged.",
        (*FOOD, "Child protection"),
        (
            Person("Meera Nadarajah", "Nutrition specialist", "+94 11 255 5270"),
            Person("Thomas Keller", "Chief of partnerships"),
        ),
    ),
    Org(
        SUN_PF,
        "SUN PF",
        CS,
        SubType.NATIONAL_NGO,
        "https://sunpf.example.org",
        "A civil society network for nutrition: mobilises communities, monitors nutrition "
        "programmes and speaks for civil society in the Scaling Up Nutrition movement.",
        "Member organisations in all 25 districts and the communities they serve.",
        (*FOOD, "Advocacy"),
        (Person("Kumari Rajapaksha", "National coordinator", "+94 11 286 1122"),),
    ),
    Org(
        SUPERMARKET,
        "",
        BU,
        "",
        "https://islandfresh.example.com",
        "A national supermarket chain (fictional): retail food, fresh produce sourced from "
        "farmer collection centres, and a food-waste redistribution pilot.",
        "Customers, employees, shareholders and contracted farmers.",
        ("Food security", "Supply chains", "Food waste"),
        (
            Person("Roshan de Silva", "Head of sustainability", "+94 11 230 4400"),
            Person("Nadeesha Herath", "Procurement manager, fresh produce"),
        ),
    ),
    Org(
        SAMURDHI,
        "",
        GOV,
        SubType.MINISTRY_AGENCY,
        "https://www.samurdhi.gov.lk",
        "Poverty alleviation: the Samurdhi cash transfer, savings and livelihood programmes.",
        "Low-income households enrolled in the Samurdhi programme.",
        ("Food security", "Social protection", "Livelihoods"),
        (Person("Priyantha Kumara", "Director, Social Security"),),
    ),
    Org(
        SARVODAYA,
        "LJSSS",
        CS,
        SubType.NATIONAL_NGO,
        "https://www.sarvodaya.org",
        "Lanka Jathika Sarvodaya Shramadana Sangamaya: village self-reliance, community "
        "development and disaster relief through a network of village societies.",
        "Village societies and the rural communities they organise.",
        (*FOOD, "Community development", "Livelihoods"),
        (
            Person(
                "Ruwan Jayasuriya",
                "Partnerships manager",
                "+94 11 264 7159",
                email="partner@uncp.example",
            ),
            Person("Shanika Fonseka", "Head of community programmes"),
        ),
    ),
    Org(
        WFP,
        "WFP",
        UN,
        "",
        "https://www.wfp.org/countries/sri-lanka",
        "Food assistance and nutrition: school meals, cash transfers, resilience and "
        "emergency response.",
        "Food-insecure people, especially children, pregnant women and smallholder farmers.",
        (*FOOD, "School meals", "Resilience"),
        (
            Person("Hiroshi Tanaka", "Head of programme", "+94 11 258 6244"),
            Person("Gayani Peiris", "Partnerships officer"),
        ),
    ),
    Org(
        APP_DESIGNER,
        "",
        BU,
        SubType.SME,
        "https://pixelpaddy.example.com",
        "An app design studio (fictional): mobile apps for agriculture, prices and payments.",
        "Its clients and the farmers and shoppers who use its apps.",
        ("Digital", "Market information"),
        (Person("Kavindu Wickremesinghe", "Founder", "+94 77 312 4567"),),
    ),
)
