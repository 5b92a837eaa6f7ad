"""Vocabulary for the synthetic catalogue: fictitious, but shaped like the real networks' names and facts."""

from .models import Membership, Network, Organisation, Topic

# Created only when the topics table is empty (the seed catalogue brings its own).
TOPICS = [
    (Topic.Facet.CRIME_AREA, "Cybercrime"),
    (Topic.Facet.CRIME_AREA, "Trafficking in human beings"),
    (Topic.Facet.CRIME_AREA, "Migrant smuggling"),
    (Topic.Facet.CRIME_AREA, "Drug trafficking"),
    (Topic.Facet.CRIME_AREA, "Money laundering"),
    (Topic.Facet.CRIME_AREA, "Corruption"),
    (Topic.Facet.CRIME_AREA, "Terrorism"),
    (Topic.Facet.CRIME_AREA, "Organised crime"),
    (Topic.Facet.CRIME_AREA, "Environmental crime"),
    (Topic.Facet.CRIME_AREA, "Wildlife crime"),
    (Topic.Facet.CRIME_AREA, "Firearms trafficking"),
    (Topic.Facet.CRIME_AREA, "Fraud"),
    (Topic.Facet.CRIME_AREA, "Child sexual exploitation"),
    (Topic.Facet.CRIME_AREA, "Genocide and war crimes"),
    (Topic.Facet.CRIME_AREA, "Maritime crime"),
    (Topic.Facet.CRIME_AREA, "Trafficking in cultural property"),
    (Topic.Facet.CRIME_AREA, "Counterfeiting"),
    (Topic.Facet.CRIME_AREA, "Tax crime"),
    (Topic.Facet.INSTRUMENT, "Mutual legal assistance"),
    (Topic.Facet.INSTRUMENT, "Extradition"),
    (Topic.Facet.INSTRUMENT, "European Arrest Warrant"),
    (Topic.Facet.INSTRUMENT, "Joint investigation teams"),
    (Topic.Facet.INSTRUMENT, "Asset recovery"),
    (Topic.Facet.INSTRUMENT, "Witness protection"),
    (Topic.Facet.INSTRUMENT, "Electronic evidence"),
    (Topic.Facet.INSTRUMENT, "Transfer of proceedings"),
    (Topic.Facet.INSTRUMENT, "Transfer of sentenced persons"),
    (Topic.Facet.INSTRUMENT, "Liaison magistrates"),
    (Topic.Facet.INSTRUMENT, "Police information exchange"),
    (Topic.Facet.INSTRUMENT, "Training and capacity building"),
]

# (share, type, field, how the name calls its members)
NETWORK_KINDS = [
    (22, Network.Type.JUDICIAL, Network.Field.CRIMINAL_JUSTICE, "Judicial Network"),
    (16, Network.Type.PROSECUTORS, Network.Field.CRIMINAL_JUSTICE, "Network of Prosecutors"),
    (16, Network.Type.POLICE, Network.Field.LAW_ENFORCEMENT, "Police Cooperation Network"),
    (6, Network.Type.EU_BODY, Network.Field.CRIMINAL_JUSTICE, "Cooperation Office"),
    (10, Network.Type.EXPERT_GROUP, Network.Field.LAW_ENFORCEMENT, "Expert Group"),
    (4, Network.Type.WORKING_PARTY, Network.Field.LAW_ENFORCEMENT, "Working Party"),
    (8, Network.Type.REGIONAL_PLATFORM, Network.Field.CRIMINAL_JUSTICE, "Judicial Platform"),
    (10, Network.Type.PRACTITIONERS, Network.Field.CRIMINAL_JUSTICE, "Practitioners' Network"),
    (5, Network.Type.PROJECT, Network.Field.LAW_ENFORCEMENT, "Programme"),
    (3, Network.Type.OTHER, Network.Field.CRIMINAL_JUSTICE, "Forum"),
]

STATUSES = [
    (80, Network.Status.ACTIVE),
    (10, Network.Status.DORMANT),
    (5, Network.Status.DEFUNCT),
    (5, Network.Status.UNKNOWN),
]

ORGANISATION_KINDS = [
    (35, Organisation.Kind.NATIONAL),
    (25, Organisation.Kind.INTERNATIONAL),
    (15, Organisation.Kind.REGIONAL),
    (10, Organisation.Kind.EU_BODY),
    (15, Organisation.Kind.NGO),
]
NATIONAL_BODIES = [
    "Ministry of Justice",
    "Office of the Prosecutor General",
    "National Police",
    "Financial Intelligence Unit",
    "Central Authority for Mutual Legal Assistance",
    "National Judicial Council",
    "Anti-Corruption Commission",
    "Customs Administration",
]
INTERNATIONAL_BODIES = [
    "Organisation for Judicial Cooperation",
    "Commission on Crime Prevention",
    "Association of Prosecutors",
    "Institute for Criminal Justice Reform",
    "Centre for Law Enforcement Training",
    "Council of Justice Ministers",
    "Bar Federation",
    "Observatory on Organised Crime",
]

JURISDICTION_ROLES = [
    (80, Membership.Role.MEMBER),
    (8, Membership.Role.OBSERVER),
    (4, Membership.Role.ASSOCIATE_PARTNER),
    (4, Membership.Role.CONTACT_POINT),
    (2, Membership.Role.COOPERATION_AGREEMENT),
    (1, Membership.Role.LIAISON_PROSECUTOR),
    (1, Membership.Role.OTHER),
]
ORGANISATION_ROLES = [
    (35, Membership.Role.OBSERVER),
    (25, Membership.Role.PARTNER),
    (15, Membership.Role.OPERATIONAL_PARTNER),
    (15, Membership.Role.MEMBER),
    (10, Membership.Role.COOPERATION_AGREEMENT),
]
NETWORK_ROLES = [(50, Membership.Role.MEMBER), (30, Membership.Role.PARTNER), (20, Membership.Role.OBSERVER)]

CONTACT_VISIBILITY = [(30, "public"), (40, "practitioners"), (30, "secretariat")]
CONTACT_ROLES = [
    (60, "national_contact_point"),
    (15, "national_correspondent"),
    (10, "24_7"),
    (10, "secretariat"),
    (5, "other"),
]
FIRST_NAMES = [
    "Amara",
    "Ana",
    "Andrea",
    "Anna",
    "Carlos",
    "Chen",
    "Daniel",
    "David",
    "Elena",
    "Fatima",
    "Hana",
    "Ines",
    "Ivan",
    "Jan",
    "Javier",
    "Kofi",
    "Lea",
    "Leila",
    "Lucas",
    "Maria",
    "Marta",
    "Mehmet",
    "Nadia",
    "Nikolai",
    "Olga",
    "Omar",
    "Paolo",
    "Priya",
    "Rui",
    "Sara",
    "Sofia",
    "Tomas",
    "Yuki",
    "Zainab",
]
LAST_NAMES = [
    "Adeyemi",
    "Almeida",
    "Andersen",
    "Bianchi",
    "Costa",
    "Dubois",
    "Fernandes",
    "Garcia",
    "Haddad",
    "Hoffmann",
    "Ivanova",
    "Jansen",
    "Kowalski",
    "Laurent",
    "Lindqvist",
    "Mensah",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Papadopoulos",
    "Petrov",
    "Rahman",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Tanaka",
    "Traore",
    "Van Dijk",
    "Wang",
    "Yilmaz",
    "Zhang",
]
FUNCTIONS = ["Prosecutor", "Judge", "Senior police officer", "Legal adviser", "Head of unit", "Liaison officer"]
LANGUAGES = ["English", "French", "Spanish", "Portuguese", "Arabic", "Russian", "German"]

STATED_LABELS = ["member jurisdictions", "national contact points", "participating authorities"]
SOURCE_KINDS = ["Annual report", "Activity report", "Working paper", "Information sheet", "Website"]
