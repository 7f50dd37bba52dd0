"""Demo data: three forums modelled on the real ones in the source documents (see /work/shared/DOMAIN.md).

Plain data only, so the loader, tests and the README can all read it.  The mixes are deliberate, so that the
inclusion checks have something to say:

- ghana-nsccl: about a third women overall (warns against a 40-60% target), the Subcommittee on Mining balanced;
  government the largest constituency.
- katanga-platform: about a quarter women (warns), civil society, a core constituency, thin (3 of 35).
- asm-round-table: balanced (about 48% women), co-chaired by the employers' IOE and the workers' ITUC.
- adansi-north, amansie-west: two district committees of the Ashanti region that report up to the NSCCL (issue 26,
  federation); the Katanga platform reports up to the round table. Amansie West has four women among eleven
  members: its snapshot withholds the gender counts (under five), as public pages do.

Each forum has a few `undisclosed` genders (one `another` in the round table), youth unknown for some people,
alternates standing in for titular members, and two people whose term ends within 30 days (`term_years=0`).
`check()` returns the problems found in FORUMS (an empty list when all is well).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONSTITUENCIES = (
    "government",
    "employers",
    "workers",
    "civil_society",
    "asm_miners",
    "industry",
    "development_partners",
    "academia",
    "community",
    "other",
)
FORUM_KINDS = ("steering_committee", "provincial_platform", "round_table")
COMMITTEE_KINDS = ("plenary", "subcommittee", "working_group", "task_force")
LEVELS = ("national", "provincial", "district", "community")
ROLES = ("chair", "vice_chair", "secretariat", "member", "alternate", "observer")
COMMITTEE_ROLES = ("chair", "co_chair", "member")
GENDERS = ("woman", "man", "another", "undisclosed")
LOCALES = ("en", "fr", "es", "sw", "ha")
_WORKING_LANGUAGE = re.compile(r"^[a-z]{2,3}$")  # a forum's other working languages (issue 46): tw, dag, qu ...


@dataclass(frozen=True)
class Org:
    name: str
    acronym: str | None
    constituency: str  # one of CONSTITUENCIES
    country: str | None  # ISO 3166 alpha-2

    @property
    def key(self) -> str:
        """What Person.org refers to: the acronym, or the name when there is none."""
        return self.acronym or self.name


@dataclass(frozen=True)
class Committee:
    name: str
    kind: str  # plenary | subcommittee | working_group | task_force
    level: str  # national | provincial | district | community


@dataclass(frozen=True)
class Person:
    name: str
    email: str  # lower-case, unique within the forum, @example.org
    org: str  # Org.key of an organisation of the same forum
    role: str  # chair | vice_chair | secretariat | member | alternate | observer
    gender: str  # woman | man | another | undisclosed
    youth: bool | None  # under 35; None when not declared
    languages: tuple[str, ...]  # ISO 639-1/3 codes actually spoken
    locale: str | None  # preferred language for notices, one of the forum's enabled locales
    region: str | None
    committees: tuple[tuple[str, str], ...]  # (committee name, chair | co_chair | member)
    account: bool = False  # has a sign-in account
    alternate_of: str | None = None  # email of the titular member this alternate stands in for
    term_years: int = 3  # 0 means "term ends within 30 days"
    time_zone: str | None = None  # where they are, if not in the forum's zone (set on the roll; pages and e-mails)


@dataclass(frozen=True)
class Forum:
    slug: str
    name: str
    kind: str  # steering_committee | provincial_platform | round_table
    country: str | None
    default_locale: str
    enabled_locales: tuple[str, ...]
    timezone: str
    core_constituencies: tuple[str, ...]
    orgs: tuple[Org, ...]
    committees: tuple[Committee, ...]
    people: tuple[Person, ...]
    short_name: str = ""  # who its SMS are from
    interpretation_pairs: tuple[str, ...] = ()  # issue 46: its meetings are interpreted from>to (any languages)


# The demo accounts listed in the README: (forum slug, name, email, role).
DEMO_ACCOUNTS: tuple[tuple[str, str, str, str], ...] = (
    ("ghana-nsccl", "Kwame Asante", "kwame.asante@example.org", "chair"),
    ("ghana-nsccl", "Akosua Mensah", "akosua.mensah@example.org", "secretariat"),
    ("ghana-nsccl", "Yaw Boateng", "yaw.boateng@example.org", "vice_chair"),
    ("ghana-nsccl", "Abena Darko", "abena.darko@example.org", "member"),
    ("ghana-nsccl", "Ibrahim Sulemana", "ibrahim.sulemana@example.org", "member"),
    ("ghana-nsccl", "Efua Quaye", "efua.quaye@example.org", "alternate"),
    ("ghana-nsccl", "Kofi Agyeman", "kofi.agyeman@example.org", "observer"),
    ("katanga-platform", "Jean-Pierre Mukendi", "jp.mukendi@example.org", "chair"),
    ("katanga-platform", "Chantal Ilunga", "chantal.ilunga@example.org", "secretariat"),
    ("katanga-platform", "Patrick Kasongo", "patrick.kasongo@example.org", "member"),
    ("katanga-platform", "Espérance Mwamba", "esperance.mwamba@example.org", "member"),
    ("asm-round-table", "Claire Dubois", "claire.dubois@example.org", "chair"),
    ("asm-round-table", "Lucía Restrepo", "lucia.restrepo@example.org", "secretariat"),
    ("asm-round-table", "Kofi Agyeman", "kofi.agyeman@example.org", "member"),
    ("asm-round-table", "Thandiwe Banda", "thandiwe.banda@example.org", "member"),
    ("adansi-north", "Gifty Owusu", "gifty.owusu@example.org", "secretariat"),
    ("adansi-north", "Nana Ama Dufie", "ama.dufie@example.org", "member"),
)

# --------------------------------------------------------------------------------------------------------------
# Ghana: National Steering Committee on Child Labour (000:435-457)
# --------------------------------------------------------------------------------------------------------------

_GH_PL = "Plenary"
_GH_SM = "Subcommittee on Mining"
_GH_AN = "Adansi North District Committee"
_GH_WM = "Working Group on Monitoring"

# issue 39's remedies: a draft extraordinary plenary invited from the employers' and workers' lists only
UNBALANCED_DRAFT_TITLE = "Extraordinary plenary on the mercury ban"
# issue 46: a meeting HELD in Twi (its language, not a translation): the Adansi North committee's community meeting
TWI_MEETING = {
    # the title as members text it (no ɛ or ɔ): it goes into the invitation SMS, which stays one GSM-7 segment
    "title": "Fomena kuromu nhyiamu: mmofra adwuma ne sika fagude",
    "title_en": "Fomena community meeting: child labour in gold mining",
    "expected_outputs": "Kuro no mu mpanimfoɔ ne awofoɔ bɛhyɛ mmofra a wɔyɛ adwuma wɔ fagude mu ho nsɛm ase.",
    "agenda": ("Mfitiaseɛ ne mpaeɛ", "Mmofra adwumayɛ wɔ sikakɔkɔɔ fagude mu", "Nsɛm afoforɔ"),
}
UNBALANCED_DRAFT_INVITEES = ("emmanuel.addo@example.org", "stephen.amponsah@example.org",
                             "francis.ahiable@example.org", "mohammed.abubakar@example.org",
                             "joseph.tetteh@example.org")

_GHANA = Forum(
    slug="ghana-nsccl",
    short_name="NSCCL",
    name="National Steering Committee on Child Labour (Ghana)",
    kind="steering_committee",
    country="GH",
    default_locale="en",
    enabled_locales=("en", "ha"),
    timezone="Africa/Accra",
    core_constituencies=("government", "employers", "workers"),
    orgs=(
        Org("Ministry of Employment and Labour Relations (Child Labour Unit)", "MELR-CLU", "government", "GH"),
        Org("Ministry of Lands and Natural Resources", "MLNR", "government", "GH"),
        Org("Minerals Commission", "MinCom", "government", "GH"),
        Org("Ministry of Gender, Children and Social Protection", "MoGCSP", "government", "GH"),
        Org("Ghana Statistical Service", "GSS", "government", "GH"),
        Org("Adansi North District Assembly", "ANDA", "government", "GH"),
        Org("Parliament of Ghana", None, "government", "GH"),
        Org("Ghana Employers' Association", "GEA", "employers", "GH"),
        Org("Ghana Chamber of Mines", "GCM", "industry", "GH"),
        Org("Ghana Mine Workers' Union", "GMWU", "workers", "GH"),
        Org("Trades Union Congress (Ghana)", "TUC", "workers", "GH"),
        Org("Ghana National Association of Small-Scale Miners", "GNASSM", "asm_miners", "GH"),
        Org("Association of Women in Small-Scale Mining, Ghana", "AWSSM", "asm_miners", "GH"),
        Org("Solidaridad West Africa", "Solidaridad", "civil_society", "GH"),
        Org("Plan International Ghana", "Plan Ghana", "civil_society", "GH"),
        Org("Save the Children Ghana", None, "civil_society", "GH"),
        Org("Ghana NGO Coalition on the Rights of the Child", "GNCRC", "civil_society", "GH"),
        Org("University of Mines and Technology, Tarkwa", "UMaT", "academia", "GH"),
        Org("Adansi Traditional Authority", None, "community", "GH"),
        Org("International Labour Organization", "ILO", "development_partners", None),
        Org("United Nations Children's Fund", "UNICEF", "development_partners", None),
    ),
    committees=(
        Committee(_GH_PL, "plenary", "national"),
        Committee(_GH_SM, "subcommittee", "national"),
        Committee(_GH_AN, "subcommittee", "district"),
        Committee(_GH_WM, "working_group", "national"),
    ),
    people=(
        # Demo accounts
        Person("Kwame Asante", "kwame.asante@example.org", "MELR-CLU", "chair", "man", False, ("en", "tw"), "en",
               "Greater Accra", ((_GH_PL, "chair"), (_GH_WM, "member")), account=True),
        Person("Akosua Mensah", "akosua.mensah@example.org", "MELR-CLU", "secretariat", "woman", True,
               ("en", "tw", "gaa"), "en", "Greater Accra", ((_GH_PL, "member"), (_GH_SM, "member")), account=True),
        Person("Yaw Boateng", "yaw.boateng@example.org", "MinCom", "vice_chair", "man", False, ("en", "tw"), "en",
               "Ashanti", ((_GH_PL, "member"), (_GH_SM, "chair")), account=True),
        Person("Abena Darko", "abena.darko@example.org", "GMWU", "member", "woman", False, ("en", "tw", "fat"), "en",
               "Western", ((_GH_PL, "member"), (_GH_SM, "member")), account=True),
        Person("Ibrahim Sulemana", "ibrahim.sulemana@example.org", "GNASSM", "member", "man", True,
               ("en", "dag", "ha", "tw"), "ha", "Adansi North",
               ((_GH_PL, "member"), (_GH_SM, "member"), (_GH_AN, "member")), account=True),
        Person("Efua Quaye", "efua.quaye@example.org", "GMWU", "alternate", "woman", True, ("en", "fat", "gaa"), "en",
               "Western", ((_GH_PL, "member"),), account=True, alternate_of="abena.darko@example.org"),
        Person("Kofi Agyeman", "kofi.agyeman@example.org", "ILO", "observer", "man", False, ("en", "tw", "fr"), "en",
               "Greater Accra", ((_GH_PL, "member"),), account=True),
        # Government
        Person("Kwabena Owusu", "kwabena.owusu@example.org", "MELR-CLU", "member", "man", False, ("en", "tw"), "en",
               "Greater Accra", ((_GH_PL, "member"), (_GH_WM, "member"))),
        Person("Senyo Dzradosi", "senyo.dzradosi@example.org", "MELR-CLU", "member", "undisclosed", None,
               ("en", "ee"), "en", "Greater Accra", ((_GH_WM, "member"),)),
        Person("Ama Ofori", "ama.ofori@example.org", "MLNR", "member", "woman", None, ("en", "tw"), "en",
               "Greater Accra", ((_GH_PL, "member"), (_GH_SM, "member"))),
        Person("Kwaku Frimpong", "kwaku.frimpong@example.org", "MLNR", "alternate", "man", True, ("en", "tw"), "en",
               "Greater Accra", ((_GH_PL, "member"),), alternate_of="ama.ofori@example.org"),
        Person("Selorm Agbeko", "selorm.agbeko@example.org", "MinCom", "member", "man", False, ("en", "ee"), "en",
               "Western", ((_GH_SM, "member"), (_GH_WM, "member"))),
        Person("Collins Nyarko", "collins.nyarko@example.org", "MinCom", "member", "man", True, ("en", "tw"), "en",
               "Adansi North", ((_GH_SM, "member"), (_GH_AN, "member")), term_years=0),
        Person("Adwoa Nkansah", "adwoa.nkansah@example.org", "MoGCSP", "member", "woman", False, ("en", "tw"), "en",
               "Greater Accra", ((_GH_PL, "member"), (_GH_SM, "member"))),
        Person("Edem Kpodo", "edem.kpodo@example.org", "MoGCSP", "member", "man", None, ("en", "ee"), "en",
               "Greater Accra", ((_GH_PL, "member"), (_GH_WM, "member"))),
        Person("Zulaiha Mahama", "zulaiha.mahama@example.org", "GSS", "member", "woman", True, ("en", "dag", "ha"),
               "ha", "Greater Accra", ((_GH_PL, "member"), (_GH_WM, "chair"))),
        Person("Kojo Antwi", "kojo.antwi@example.org", "GSS", "member", "man", False, ("en", "tw"), "en",
               "Greater Accra", ((_GH_WM, "member"),)),
        Person("Samuel Adu-Gyamfi", "samuel.adu-gyamfi@example.org", "ANDA", "member", "man", False, ("en", "tw"),
               "en", "Adansi North", ((_GH_PL, "member"), (_GH_AN, "chair"))),
        Person("Gifty Sarpong", "gifty.sarpong@example.org", "ANDA", "member", "woman", False, ("en", "tw"), "en",
               "Adansi North", ((_GH_AN, "member"),)),
        Person("Daniel Acheampong", "daniel.acheampong@example.org", "ANDA", "member", "man", None, ("en", "tw"),
               "en", "Adansi North", ((_GH_AN, "member"),)),
        Person("Kwadwo Nsiah", "kwadwo.nsiah@example.org", "Parliament of Ghana", "member", "man", False,
               ("en", "tw"), "en", "Ashanti", ((_GH_PL, "member"),)),
        # Employers and industry
        Person("Emmanuel Addo", "emmanuel.addo@example.org", "GEA", "member", "man", False, ("en", "tw", "gaa"), "en",
               "Greater Accra", ((_GH_PL, "member"), (_GH_SM, "member"))),
        Person("Mavis Ansah", "mavis.ansah@example.org", "GEA", "member", "woman", False, ("en", "tw"), "en",
               "Greater Accra", ((_GH_PL, "member"),), term_years=0),
        Person("Richard Baidoo", "richard.baidoo@example.org", "GEA", "alternate", "man", False, ("en", "fat"), "en",
               "Central", ((_GH_PL, "member"),), alternate_of="emmanuel.addo@example.org"),
        Person("Stephen Amponsah", "stephen.amponsah@example.org", "GCM", "member", "man", False, ("en", "tw"), "en",
               "Greater Accra", ((_GH_PL, "member"), (_GH_SM, "member"))),
        Person("Elorm Fiagbe", "elorm.fiagbe@example.org", "GCM", "member", "undisclosed", None, ("en", "ee"), "en",
               "Western", ((_GH_PL, "member"),)),
        # Workers
        Person("Francis Ahiable", "francis.ahiable@example.org", "GMWU", "member", "man", False, ("en", "ee", "tw"),
               "en", "Ashanti", ((_GH_PL, "member"), (_GH_AN, "member"))),
        Person("Mohammed Abubakar", "mohammed.abubakar@example.org", "GMWU", "member", "man", True,
               ("en", "ha", "tw"), "ha", "Western", ((_GH_PL, "member"),), term_years=0),
        Person("Joseph Tetteh", "joseph.tetteh@example.org", "TUC", "member", "man", False, ("en", "gaa", "tw"), "en",
               "Greater Accra", ((_GH_PL, "member"),)),
        Person("Nii Armah Lamptey", "nii.lamptey@example.org", "TUC", "alternate", "man", False, ("en", "gaa"), "en",
               "Greater Accra", ((_GH_PL, "member"),), alternate_of="joseph.tetteh@example.org"),
        # Small-scale miners
        Person("Fuseini Alhassan", "fuseini.alhassan@example.org", "GNASSM", "member", "man", False,
               ("en", "dag", "ha", "tw"), "ha", "Western", ((_GH_PL, "member"), (_GH_SM, "member"))),
        Person("Godfred Ampofo", "godfred.ampofo@example.org", "GNASSM", "member", "man", None, ("tw", "en"), None,
               "Adansi North", ((_GH_AN, "member"),)),
        Person("Hawa Seidu", "hawa.seidu@example.org", "AWSSM", "member", "woman", None, ("en", "ha", "tw"), "ha",
               "Adansi North", ((_GH_PL, "member"), (_GH_SM, "member"), (_GH_AN, "member"))),
        Person("Yaa Boakye", "yaa.boakye@example.org", "AWSSM", "member", "woman", False, ("tw", "en"), "en",
               "Aowin", ((_GH_PL, "member"),)),
        # Civil society
        Person("Charles Osei", "charles.osei@example.org", "Solidaridad", "member", "man", False, ("en", "tw"), "en",
               "Ashanti", ((_GH_PL, "member"), (_GH_WM, "co_chair"))),
        Person("Rashida Abdulai", "rashida.abdulai@example.org", "Solidaridad", "member", "woman", True,
               ("en", "dag", "ha"), "ha", "Western", ((_GH_SM, "member"),)),
        Person("Dzifa Amedzro", "dzifa.amedzro@example.org", "Plan Ghana", "member", "woman", True, ("en", "ee"),
               "en", "Central", ((_GH_PL, "member"), (_GH_SM, "member"))),
        Person("Elikem Tsikata", "elikem.tsikata@example.org", "Save the Children Ghana", "member", "man", False,
               ("en", "ee"), "en", "Greater Accra", ((_GH_PL, "member"), (_GH_WM, "member"))),
        Person("Akua Donkor", "akua.donkor@example.org", "GNCRC", "member", "woman", False, ("en", "tw"), "en",
               "Ashanti", ((_GH_PL, "member"), (_GH_AN, "member"))),
        # Academia
        Person("Kwasi Appiah-Kubi", "kwasi.appiah-kubi@example.org", "UMaT", "member", "man", False, ("en", "tw"),
               "en", "Western", ((_GH_PL, "member"), (_GH_WM, "member"))),
        Person("Esi Arthur", "esi.arthur@example.org", "UMaT", "alternate", "woman", True, ("en", "fat"), "en",
               "Central", ((_GH_PL, "member"),), alternate_of="kwasi.appiah-kubi@example.org"),
        # Traditional authority
        Person("Nana Akwasi Agyei II", "nana.agyei@example.org", "Adansi Traditional Authority", "member", "man",
               False, ("tw", "en"), "en", "Adansi North", ((_GH_PL, "member"), (_GH_AN, "co_chair"))),
        Person("Nana Afia Pokuaa", "nana.pokuaa@example.org", "Adansi Traditional Authority", "member", "woman",
               False, ("tw", "en"), "en", "Adansi North", ((_GH_AN, "member"),)),
        # Development partners
        Person("Abdul-Rahman Iddrisu", "abdul-rahman.iddrisu@example.org", "UNICEF", "observer", "man", False,
               ("en", "dag", "ha"), "en", "Greater Accra", ((_GH_PL, "member"),)),
        Person("Salifu Dawuda", "salifu.dawuda@example.org", "ILO", "observer", "man", False,
               ("en", "dag", "ha", "tw"), "ha", "Ashanti", ((_GH_WM, "member"),)),
    ),
)

# --------------------------------------------------------------------------------------------------------------
# Katanga: an IDAK-like provincial platform (000:465-480)
# --------------------------------------------------------------------------------------------------------------

_KA_PL = "Plénière"
_KA_CO = "Groupe de travail Cobalt"
_KA_KO = "Comité local de Kolwezi"

_KATANGA = Forum(
    slug="katanga-platform",
    short_name="IDAK",
    name="Plateforme multipartite du Katanga",
    kind="provincial_platform",
    country="CD",
    default_locale="fr",
    enabled_locales=("fr", "sw"),
    timezone="Africa/Lubumbashi",
    core_constituencies=("government", "industry", "civil_society"),
    orgs=(
        Org("Ministère provincial des Mines", "MPM", "government", "CD"),
        Org("Division provinciale du Travail", "DPT", "government", "CD"),
        Org("Service d'Assistance et d'Encadrement de l'Exploitation Minière Artisanale et à Petite Échelle",
            "SAEMAPE", "government", "CD"),
        Org("Division provinciale des Affaires sociales", "DIVAS", "government", "CD"),
        Org("Mairie de Kolwezi", None, "government", "CD"),
        Org("Entreprise Générale du Cobalt", "EGC", "industry", "CD"),
        Org("Kamoto Copper Company", "KCC", "industry", "CD"),
        Org("Tenke Fungurume Mining", "TFM", "industry", "CD"),
        Org("Chambre des Mines de la Fédération des Entreprises du Congo", "FEC-Mines", "industry", "CD"),
        Org("Coopérative minière des exploitants artisanaux du Lualaba", "COMEAL", "asm_miners", "CD"),
        Org("Coopérative minière de Kipushi", "COMIKI", "asm_miners", "CD"),
        Org("Action contre l'impunité pour les droits humains", "ACIDH", "civil_society", "CD"),
        Org("Bon Pasteur Kolwezi", None, "civil_society", "CD"),
        Org("Réseau des femmes dans les mines du Katanga", "REFEMIK", "civil_society", "CD"),
        Org("Union nationale des travailleurs du Congo", "UNTC", "workers", "CD"),
        Org("Deutsche Gesellschaft für Internationale Zusammenarbeit", "GIZ", "development_partners", "DE"),
        Org("Pact", None, "development_partners", "US"),
        Org("Université de Lubumbashi", "UNILU", "academia", "CD"),
    ),
    committees=(
        Committee(_KA_PL, "plenary", "provincial"),
        Committee(_KA_CO, "working_group", "provincial"),
        Committee(_KA_KO, "subcommittee", "district"),
    ),
    people=(
        # Demo accounts
        Person("Jean-Pierre Mukendi", "jp.mukendi@example.org", "MPM", "chair", "man", False, ("fr", "sw", "lu"),
               "fr", "Haut-Katanga", ((_KA_PL, "chair"),), account=True),
        Person("Chantal Ilunga", "chantal.ilunga@example.org", "MPM", "secretariat", "woman", True,
               ("fr", "sw", "lu", "en"), "fr", "Haut-Katanga", ((_KA_PL, "member"), (_KA_CO, "member")),
               account=True),
        Person("Patrick Kasongo", "patrick.kasongo@example.org", "EGC", "member", "man", False, ("fr", "sw"), "fr",
               "Lualaba", ((_KA_PL, "member"), (_KA_CO, "member")), account=True),
        Person("Espérance Mwamba", "esperance.mwamba@example.org", "REFEMIK", "member", "woman", None,
               ("fr", "sw", "lu"), "sw", "Kolwezi", ((_KA_PL, "member"), (_KA_KO, "co_chair")), account=True),
        # Provincial government
        Person("Dieudonné Mbuyi", "dieudonne.mbuyi@example.org", "MPM", "member", "man", False, ("fr", "lu", "sw"),
               "fr", "Lualaba", ((_KA_PL, "member"), (_KA_KO, "member"))),
        Person("Rodrigue Nawej", "rodrigue.nawej@example.org", "MPM", "member", "man", True, ("fr", "sw", "lun"),
               "fr", "Lualaba", ((_KA_KO, "member"),)),
        Person("Dominique Kayumba", "dominique.kayumba@example.org", "MPM", "member", "undisclosed", None,
               ("fr", "sw"), None, "Haut-Katanga", ((_KA_PL, "member"),)),
        Person("Serge Tshibangu", "serge.tshibangu@example.org", "DPT", "member", "man", False, ("fr", "lu", "sw"),
               "fr", "Haut-Katanga", ((_KA_PL, "member"),)),
        Person("Nathalie Kalenga", "nathalie.kalenga@example.org", "DPT", "alternate", "woman", True, ("fr", "sw"),
               "fr", "Haut-Katanga", ((_KA_PL, "member"),), alternate_of="serge.tshibangu@example.org"),
        Person("Pascal Ngoy", "pascal.ngoy@example.org", "SAEMAPE", "member", "man", False, ("fr", "sw", "lu"), "sw",
               "Kolwezi", ((_KA_PL, "member"), (_KA_KO, "chair"), (_KA_CO, "member"))),
        Person("Marcel Kabamba", "marcel.kabamba@example.org", "SAEMAPE", "member", "man", None, ("fr", "sw"), "sw",
               "Lualaba", ((_KA_CO, "member"),)),
        Person("Eric Mwenze", "eric.mwenze@example.org", "SAEMAPE", "member", "man", False, ("fr", "sw"), "sw",
               "Kolwezi", ((_KA_KO, "member"),), term_years=0),
        Person("Godelive Mujinga", "godelive.mujinga@example.org", "DIVAS", "member", "woman", False,
               ("fr", "lu", "sw"), "fr", "Kolwezi", ((_KA_PL, "member"), (_KA_KO, "member"))),
        Person("Richard Yav", "richard.yav@example.org", "Mairie de Kolwezi", "member", "man", False,
               ("fr", "sw", "lun"), "fr", "Kolwezi", ((_KA_KO, "member"),)),
        # Industry
        Person("Olivier Banza", "olivier.banza@example.org", "EGC", "alternate", "man", None, ("fr", "sw", "lu"),
               "sw", "Kolwezi", ((_KA_PL, "member"), (_KA_KO, "member")),
               alternate_of="patrick.kasongo@example.org"),
        Person("Mado Kayembe", "mado.kayembe@example.org", "EGC", "member", "woman", False, ("fr", "sw", "lu"), "sw",
               "Kolwezi", ((_KA_KO, "member"), (_KA_CO, "member"))),
        Person("Gérard Mutombo", "gerard.mutombo@example.org", "KCC", "vice_chair", "man", False, ("fr", "sw", "en"),
               "fr", "Lualaba", ((_KA_PL, "member"), (_KA_CO, "chair"))),
        Person("Didier Kalonji", "didier.kalonji@example.org", "KCC", "member", "man", False, ("fr", "en", "sw"),
               "fr", "Lualaba", ((_KA_CO, "member"),)),
        Person("Albert Nday", "albert.nday@example.org", "KCC", "alternate", "man", False, ("fr", "sw", "lun"), "fr",
               "Lualaba", ((_KA_PL, "member"),), alternate_of="gerard.mutombo@example.org"),
        Person("Augustin Kapend", "augustin.kapend@example.org", "TFM", "member", "man", False, ("fr", "sw", "en"),
               "fr", "Lualaba", ((_KA_PL, "member"), (_KA_CO, "member"))),
        Person("Blaise Kyungu", "blaise.kyungu@example.org", "TFM", "alternate", "man", True, ("fr", "sw"), "fr",
               "Lualaba", ((_KA_PL, "member"),), alternate_of="augustin.kapend@example.org"),
        Person("Hubert Kazadi", "hubert.kazadi@example.org", "FEC-Mines", "member", "man", False, ("fr", "en", "lu"),
               "fr", "Haut-Katanga", ((_KA_PL, "member"),)),
        # Artisanal miners' cooperatives
        Person("Trésor Mulumba", "tresor.mulumba@example.org", "COMEAL", "member", "man", True, ("sw", "fr", "lu"),
               "sw", "Kolwezi", ((_KA_PL, "member"), (_KA_KO, "member"), (_KA_CO, "member"))),
        Person("Papy Kabongo", "papy.kabongo@example.org", "COMEAL", "member", "man", None, ("sw", "lu"), "sw",
               "Kolwezi", ((_KA_KO, "member"),)),
        Person("Félicien Mwanza", "felicien.mwanza@example.org", "COMIKI", "member", "man", False,
               ("sw", "fr", "bem"), "sw", "Haut-Katanga", ((_KA_PL, "member"), (_KA_CO, "member"))),
        Person("Bernadette Ngalula", "bernadette.ngalula@example.org", "COMIKI", "member", "woman", False,
               ("sw", "fr", "bem"), "sw", "Haut-Katanga", ((_KA_PL, "member"),)),
        # Civil society (thin on purpose)
        Person("Aimé Kitenge", "aime.kitenge@example.org", "ACIDH", "member", "man", False, ("fr", "sw", "en"), "fr",
               "Haut-Katanga", ((_KA_PL, "member"), (_KA_CO, "co_chair"))),
        Person("Clarisse Musau", "clarisse.musau@example.org", "Bon Pasteur Kolwezi", "member", "woman", False,
               ("fr", "sw", "lu"), "fr", "Kolwezi", ((_KA_KO, "member"),)),
        # Workers
        Person("Laurent Kabwe", "laurent.kabwe@example.org", "UNTC", "member", "man", False, ("fr", "sw"), "fr",
               "Haut-Katanga", ((_KA_PL, "member"),)),
        Person("Christian Lukusa", "christian.lukusa@example.org", "UNTC", "member", "man", True, ("fr", "sw", "ln"),
               "sw", "Lualaba", ((_KA_KO, "member"),)),
        # Development partners
        Person("Katrin Hoffmann", "katrin.hoffmann@example.org", "GIZ", "observer", "woman", False,
               ("de", "fr", "en"), "fr", "Haut-Katanga", ((_KA_PL, "member"), (_KA_CO, "member"))),
        Person("Jacques Mpoyi", "jacques.mpoyi@example.org", "GIZ", "observer", "man", False, ("fr", "lu", "en"),
               "fr", "Haut-Katanga", ((_KA_PL, "member"),)),
        Person("Sylvie Kapinga", "sylvie.kapinga@example.org", "Pact", "observer", "woman", False, ("fr", "sw", "en"),
               "fr", "Kolwezi", ((_KA_KO, "member"), (_KA_CO, "member"))),
        # Academia
        Person("Célestin Mulunda", "celestin.mulunda@example.org", "UNILU", "member", "man", False,
               ("fr", "lu", "sw", "en"), "fr", "Haut-Katanga", ((_KA_PL, "member"), (_KA_CO, "member"))),
        Person("Junior Kalala", "junior.kalala@example.org", "UNILU", "alternate", "man", True, ("fr", "lu", "sw"),
               "fr", "Haut-Katanga", ((_KA_PL, "member"),), alternate_of="celestin.mulunda@example.org",
               term_years=0),
    ),
)

# --------------------------------------------------------------------------------------------------------------
# Cross-mineral round table (000:2472-2486), co-chaired like the ILO Child Labour Platform (000:517-527)
# --------------------------------------------------------------------------------------------------------------

_RT_RT = "Round Table"
# the round table sits in Geneva; its members from Colombia and Zambia read its meetings in their own time
_CO, _ZM = "America/Bogota", "Africa/Lusaka"
_RT_WS = "Webinar Steering Group"

_ROUND_TABLE = Forum(
    slug="asm-round-table",
    short_name="ASM-RT",
    name="Cross-mineral Round Table on Child Labour in ASM",
    kind="round_table",
    country=None,
    default_locale="en",
    enabled_locales=("en", "es"),
    timezone="Europe/Zurich",  # Geneva; "Europe/Geneva" is not an IANA zone
    core_constituencies=("government", "employers", "workers"),
    orgs=(
        Org("Ministerio de Minas y Energía (Colombia)", "MinEnergía", "government", "CO"),
        Org("Ministry of Mines and Minerals Development (Zambia)", "MMMD", "government", "ZM"),
        Org("International Organisation of Employers", "IOE", "employers", "CH"),
        Org("International Trade Union Confederation", "ITUC", "workers", "BE"),
        Org("IndustriALL Global Union", "IndustriALL", "workers", "CH"),
        Org("International Council on Mining and Metals", "ICMM", "industry", "GB"),
        Org("Responsible Minerals Initiative", "RMI", "industry", "US"),
        Org("Cooperativa Minera de Segovia (Antioquia)", "COOMISEG", "asm_miners", "CO"),
        Org("Tanzania Women Miners Association", "TAWOMA", "asm_miners", "TZ"),
        Org("Alliance for Responsible Mining", "ARM", "civil_society", "CO"),
        Org("Pact", None, "civil_society", "US"),
        Org("Organisation for Economic Co-operation and Development", "OECD", "other", None),
        Org("Intergovernmental Forum on Mining, Minerals, Metals and Sustainable Development (IISD)", "IGF", "other",
            "CA"),
        Org("Swiss Agency for Development and Cooperation", "SDC", "development_partners", "CH"),
        Org("International Labour Organization", "ILO", "development_partners", None),
    ),
    committees=(
        Committee(_RT_RT, "plenary", "national"),
        Committee(_RT_WS, "working_group", "national"),
    ),
    people=(
        # Demo accounts
        Person("Claire Dubois", "claire.dubois@example.org", "IOE", "chair", "woman", False, ("fr", "en", "es"), "en",
               "Geneva", ((_RT_RT, "co_chair"), (_RT_WS, "member")), account=True),
        Person("Lucía Restrepo", "lucia.restrepo@example.org", "ILO", "secretariat", "woman", True,
               ("es", "en", "fr"), "es", "Geneva", ((_RT_RT, "member"), (_RT_WS, "chair")), account=True),
        Person("Kofi Agyeman", "kofi.agyeman@example.org", "ILO", "member", "man", False, ("en", "tw", "fr"), "en",
               "Greater Accra", ((_RT_RT, "member"), (_RT_WS, "member")), account=True),
        Person("Thandiwe Banda", "thandiwe.banda@example.org", "MMMD", "member", "woman", False, ("en", "bem", "ny"),
               "en", "Copperbelt", ((_RT_RT, "member"),), account=True, time_zone=_ZM),
        # Workers
        Person("Jeroen Vermeulen", "jeroen.vermeulen@example.org", "ITUC", "member", "man", False, ("nl", "en", "fr"),
               "en", "Brussels", ((_RT_RT, "co_chair"),)),
        Person("Aminata Diallo", "aminata.diallo@example.org", "ITUC", "alternate", "woman", True, ("fr", "en", "ff"),
               "en", "Brussels", ((_RT_RT, "member"),), alternate_of="jeroen.vermeulen@example.org"),
        Person("Ousmane Traoré", "ousmane.traore@example.org", "ITUC", "member", "man", False, ("fr", "bm", "en"),
               "en", "Kayes", ((_RT_RT, "member"), (_RT_WS, "member"))),
        Person("Kemal Özdemir", "kemal.ozdemir@example.org", "IndustriALL", "member", "man", False,
               ("tr", "en", "de"), "en", "Geneva", ((_RT_RT, "member"), (_RT_WS, "member"))),
        Person("Sipho Dlamini", "sipho.dlamini@example.org", "IndustriALL", "member", "man", None, ("en", "zu", "xh"),
               "en", "Gauteng", ((_RT_RT, "member"),)),
        # Employers and industry
        Person("Henrik Lindqvist", "henrik.lindqvist@example.org", "IOE", "alternate", "man", False,
               ("sv", "en", "fr"), "en", "Geneva", ((_RT_RT, "member"),), alternate_of="claire.dubois@example.org"),
        Person("Pedro Almeida", "pedro.almeida@example.org", "IOE", "member", "man", False, ("pt", "en", "es"), "es",
               "Geneva", ((_RT_RT, "member"), (_RT_WS, "member"))),
        Person("James Whitfield", "james.whitfield@example.org", "ICMM", "member", "man", False, ("en",), "en",
               "London", ((_RT_RT, "member"),)),
        Person("Priya Raman", "priya.raman@example.org", "ICMM", "member", "woman", True, ("en", "ta", "hi"), "en",
               "London", ((_RT_RT, "member"),)),
        Person("Emily Carter", "emily.carter@example.org", "RMI", "member", "woman", False, ("en", "es"), "en",
               "Washington, DC", ((_RT_RT, "member"), (_RT_WS, "member"))),
        Person("Jordan Ellis", "jordan.ellis@example.org", "RMI", "alternate", "undisclosed", None, ("en",), None,
               "Washington, DC", ((_RT_RT, "member"),), alternate_of="emily.carter@example.org"),
        # Government
        Person("Juan Carlos Rodríguez", "juancarlos.rodriguez@example.org", "MinEnergía", "member", "man", False,
               ("es",), "es", "Bogotá", ((_RT_RT, "member"),), time_zone=_CO),
        Person("Diana Suárez", "diana.suarez@example.org", "MinEnergía", "alternate", "woman", False, ("es", "en"),
               "es", "Boyacá", ((_RT_RT, "member"),), alternate_of="juancarlos.rodriguez@example.org", time_zone=_CO),
        Person("Mwila Chanda", "mwila.chanda@example.org", "MMMD", "member", "man", True, ("en", "bem"), "en",
               "Copperbelt", ((_RT_RT, "member"),), time_zone=_ZM),
        # Miners
        Person("Luis Zapata", "luis.zapata@example.org", "COOMISEG", "member", "man", False, ("es",), "es",
               "Antioquia", ((_RT_RT, "member"),), time_zone=_CO),
        Person("Yesenia Arango", "yesenia.arango@example.org", "COOMISEG", "member", "woman", True, ("es",), "es",
               "Antioquia", ((_RT_RT, "member"),), term_years=0, time_zone=_CO),
        Person("Neema Mollel", "neema.mollel@example.org", "TAWOMA", "member", "woman", False, ("sw", "en"), "en",
               "Umba Valley", ((_RT_RT, "member"), (_RT_WS, "member"))),
        Person("Rehema Mushi", "rehema.mushi@example.org", "TAWOMA", "alternate", "woman", True, ("sw", "en"), "en",
               "Umba Valley", ((_RT_RT, "member"),), alternate_of="neema.mollel@example.org"),
        # Civil society
        Person("Carolina Echavarría", "carolina.echavarria@example.org", "ARM", "member", "woman", False,
               ("es", "en"), "es", "Antioquia", ((_RT_RT, "member"), (_RT_WS, "member")), time_zone=_CO),
        Person("Andrés Montoya", "andres.montoya@example.org", "ARM", "member", "man", True, ("es", "en"), "es",
               "Boyacá", ((_RT_RT, "member"),), time_zone=_CO),
        Person("Rebecca Miller", "rebecca.miller@example.org", "Pact", "member", "woman", False, ("en", "fr", "sw"),
               "en", "Haut-Katanga", ((_RT_RT, "member"),)),
        Person("Joseph Mwakalinga", "joseph.mwakalinga@example.org", "Pact", "member", "man", False, ("sw", "en"),
               "en", "Umba Valley", ((_RT_RT, "member"),)),
        # Intergovernmental bodies and development partners
        Person("Hélène Laurent", "helene.laurent@example.org", "OECD", "member", "woman", False, ("fr", "en"), "en",
               "Paris", ((_RT_RT, "member"), (_RT_WS, "member"))),
        Person("Alex Novak", "alex.novak@example.org", "OECD", "member", "another", None, ("en", "cs", "fr"), "en",
               "Paris", ((_RT_RT, "member"),)),
        Person("Nicole Tremblay", "nicole.tremblay@example.org", "IGF", "member", "woman", False, ("fr", "en"), "en",
               "Ottawa", ((_RT_RT, "member"), (_RT_WS, "member"))),
        Person("David Okonkwo", "david.okonkwo@example.org", "IGF", "member", "man", False, ("en", "ig", "fr"), "en",
               "Ottawa", ((_RT_RT, "member"), (_RT_WS, "member"))),
        Person("Urs Baumann", "urs.baumann@example.org", "SDC", "member", "man", False, ("de", "fr", "en"), "en",
               "Bern", ((_RT_RT, "member"),)),
        Person("Sophie Rochat", "sophie.rochat@example.org", "SDC", "alternate", "woman", None, ("fr", "de", "en"),
               "en", "Bern", ((_RT_RT, "member"),), alternate_of="urs.baumann@example.org", term_years=0),
    ),
)


# --------------------------------------------------------------------------------------------------------------
# Two district committees of Ghana's Ashanti region (issue 26): affiliates of the NSCCL, which coordinates them
# --------------------------------------------------------------------------------------------------------------

_AN_PL = "Plenary"


def _district_person(name: str, email: str, org: str, role: str, gender: str, youth: bool | None = None,
                     account: bool = False, locale: str = "en") -> Person:
    return Person(name, email, org, role, gender, youth, ("en", "tw"), locale, "Ashanti",
                  ((_AN_PL, "chair" if role == "chair" else "member"),), account=account)


_ADANSI_NORTH = Forum(
    slug="adansi-north",
    short_name="ADANSI-DCLC",
    name="Adansi North District Child Labour Committee",
    kind="steering_committee",
    country="GH",
    default_locale="en",
    enabled_locales=("en", "ha", "tw"),  # Twi: a working language the interface does not speak (issue 46)
    timezone="Africa/Accra",
    core_constituencies=("government", "employers", "workers"),
    orgs=(
        Org("Adansi North District Assembly", "ANDA", "government", "GH"),
        Org("Department of Social Welfare and Community Development, Adansi North", "DSWCD-AN", "government", "GH"),
        Org("Ghana Education Service, Adansi North", "GES-AN", "government", "GH"),
        Org("Ghana Employers' Association, Ashanti", "GEA-ASH", "employers", "GH"),
        Org("Ghana Mine Workers' Union, Obuasi branch", "GMWU-OB", "workers", "GH"),
        Org("Ghana National Association of Small-Scale Miners, Adansi North", "GNASSM-AN", "asm_miners", "GH"),
        Org("Adansi Traditional Authority", None, "community", "GH"),
        Org("Ghana NGO Coalition on the Rights of the Child", "GNCRC", "civil_society", "GH"),
    ),
    committees=(Committee(_AN_PL, "plenary", "district"),),
    interpretation_pairs=("tw>en", "en>tw"),  # the district works in English and Twi: both ways, every meeting
    people=(
        _district_person("Nana Kwaku Agyei", "kwaku.agyei@example.org", "ANDA", "chair", "man"),
        # the district's secretariat signs in (issue 33): the other side of federation can be tried
        _district_person("Gifty Owusu", "gifty.owusu@example.org", "DSWCD-AN", "secretariat", "woman", True,
                         account=True),
        _district_person("Yaa Asantewaa Boakye", "yaa.boakye@example.org", "GES-AN", "member", "woman"),
        _district_person("Samuel Oppong", "samuel.oppong@example.org", "ANDA", "member", "man", True),
        _district_person("Comfort Addai", "comfort.addai@example.org", "DSWCD-AN", "member", "woman"),
        _district_person("Kwaku Duah", "kwaku.duah@example.org", "GEA-ASH", "member", "man"),
        _district_person("Emmanuel Frimpong", "emmanuel.frimpong@example.org", "GMWU-OB", "member", "man"),
        _district_person("Akua Serwaa", "akua.serwaa@example.org", "GMWU-OB", "vice_chair", "woman"),
        _district_person("Kwadwo Bediako", "kwadwo.bediako@example.org", "GNASSM-AN", "member", "man", True),
        _district_person("Adwoa Pokuaa", "adwoa.pokuaa@example.org", "GNASSM-AN", "member", "woman", True),
        # reads the forum's content in Twi, Baraza itself in English (issue 46)
        _district_person("Nana Ama Dufie", "ama.dufie@example.org", "Adansi Traditional Authority", "member", "woman",
                         account=True, locale="tw"),
        _district_person("Osei Bonsu", "osei.bonsu@example.org", "Adansi Traditional Authority", "member", "man"),
        _district_person("Efua Antwi", "efua.antwi@example.org", "GNCRC", "member", "woman"),
        _district_person("Isaac Mensah", "isaac.mensah@example.org", "GES-AN", "member", "man"),
    ),
)

_AMANSIE_WEST = Forum(
    slug="amansie-west",
    short_name="AMANSIE-DCLC",
    name="Amansie West District Child Labour Committee",
    kind="steering_committee",
    country="GH",
    default_locale="en",
    enabled_locales=("en", "ha"),
    timezone="Africa/Accra",
    core_constituencies=("government", "employers", "workers"),
    orgs=(
        Org("Amansie West District Assembly", "AWDA", "government", "GH"),
        Org("Department of Social Welfare and Community Development, Amansie West", "DSWCD-AW", "government", "GH"),
        Org("Ghana Education Service, Amansie West", "GES-AW", "government", "GH"),
        Org("Ghana Employers' Association, Ashanti", "GEA-ASH", "employers", "GH"),
        Org("General Agricultural Workers' Union", "GAWU", "workers", "GH"),
        Org("Ghana National Association of Small-Scale Miners, Amansie West", "GNASSM-AW", "asm_miners", "GH"),
        Org("Manso Traditional Council", None, "community", "GH"),
        Org("Ghana NGO Coalition on the Rights of the Child", "GNCRC", "civil_society", "GH"),
    ),
    committees=(Committee(_AN_PL, "plenary", "district"),),
    people=(
        _district_person("Kwabena Adjei", "kwabena.adjei@example.org", "AWDA", "chair", "man"),
        _district_person("Mavis Ofori", "mavis.ofori@example.org", "DSWCD-AW", "secretariat", "woman"),
        _district_person("Yaw Sarpong", "yaw.sarpong@example.org", "AWDA", "member", "man", True),
        _district_person("Abena Konadu", "abena.konadu@example.org", "GES-AW", "member", "woman"),
        _district_person("Kojo Amoako", "kojo.amoako@example.org", "GEA-ASH", "member", "man"),
        _district_person("Stephen Appiah", "stephen.appiah@example.org", "GAWU", "member", "man"),
        _district_person("Afia Nyarko", "afia.nyarko@example.org", "GAWU", "member", "woman", True),
        _district_person("Kwame Boadu", "kwame.boadu@example.org", "GNASSM-AW", "vice_chair", "man"),
        _district_person("Akosua Fosuaa", "akosua.fosuaa@example.org", "GNASSM-AW", "member", "woman"),
        _district_person("Nana Owusu Ansah", "owusu.ansah@example.org", "Manso Traditional Council", "member", "man"),
        _district_person("Grace Asare", "grace.asare@example.org", "GNCRC", "member", "woman"),
        _district_person("Daniel Osei", "daniel.osei@example.org", "GES-AW", "member", "man", True),
    ),
)

# Who coordinates whom (coordinator slug, affiliate slug): the demo's affiliations, every share chosen; the
# coordinator shares its plan's first two objectives, and each affiliate links its objective of the same title.
AFFILIATIONS: tuple[tuple[str, str], ...] = (
    ("ghana-nsccl", "adansi-north"),
    ("ghana-nsccl", "amansie-west"),
    ("asm-round-table", "katanga-platform"),
)
SHARED_OBJECTIVES = 2
# Invitations left waiting for the affiliate's answer (issue 33): the round table invites Adansi North, whose
# secretariat (gifty.owusu@example.org) accepts it on Affiliates, choosing what to share.
PENDING_AFFILIATIONS: tuple[tuple[str, str], ...] = (("asm-round-table", "adansi-north"),)

# Translations written for the demo (issue 33), so that a newcomer sees what translation does without translating
# first: the next plenary's title, expected outputs and agenda, the last published minutes and an announcement,
# into the forum's other languages (and French for the NSCCL); one of them made from an earlier wording of its
# original, so it shows as out of date.
TRANSLATED_INTO: dict[str, tuple[str, ...]] = {"ghana-nsccl": ("ha", "fr"), "katanga-platform": ("sw",),
                                                "adansi-north": ("tw",)}
AGENDA: dict[str, tuple[str, ...]] = {
    "en": ("Opening and adoption of the agenda", "Matters arising from the last meeting",
           "Progress on the action plan", "Any other business"),
    "fr": ("Ouverture et adoption de l'ordre du jour", "Questions découlant de la dernière réunion",
           "Avancement du plan d'action", "Divers"),
}
EXPECTED_OUTPUTS = {"en": "Decisions on the action plan; updated list of hazardous tasks.",
                    "fr": "Décisions sur le plan d'action ; liste des tâches dangereuses mise à jour."}
AGENDA_TRANSLATIONS: dict[str, dict[str, str]] = {
    "Opening and adoption of the agenda": {"fr": "Ouverture et adoption de l'ordre du jour",
                                           "ha": "Buɗe taro da amincewa da ajanda",
                                           "tw": "Mfitiaseɛ ne nhyehyɛeɛ no a yɛgye tom"},
    "Matters arising from the last meeting": {"fr": "Questions découlant de la dernière réunion",
                                              "ha": "Batutuwan da suka taso daga taron da ya gabata",
                                              "tw": "Nsɛm a ɛfiri nhyiamu a atwam no mu"},
    "Progress on the action plan": {"fr": "Avancement du plan d'action", "ha": "Ci gaban tsarin aiki",
                                    "tw": "Dwumadie nhyehyɛeɛ no nkɔsoɔ"},
    "Any other business": {"fr": "Divers", "ha": "Sauran al'amura", "tw": "Nsɛm afoforɔ"},
    "Ouverture et adoption de l'ordre du jour": {"sw": "Ufunguzi na kupitishwa kwa ajenda"},
    "Questions découlant de la dernière réunion": {"sw": "Masuala yanayotokana na mkutano uliopita"},
    "Avancement du plan d'action": {"sw": "Maendeleo ya mpango kazi"},
    "Divers": {"sw": "Mengineyo"},
}
OUTPUTS_TRANSLATIONS: dict[str, dict[str, str]] = {
    EXPECTED_OUTPUTS["en"]: {"fr": "Décisions sur le plan d'action ; liste des tâches dangereuses mise à jour.",
                             "ha": "Shawarwari kan tsarin aiki; sabunta jerin ayyuka masu haɗari."},
    EXPECTED_OUTPUTS["fr"]: {"sw": "Maamuzi kuhusu mpango kazi; orodha mpya ya kazi hatarishi."},
}
# a committee's name in another language, for translated meeting titles ("<committee> — <month year>")
COMMITTEE_NAMES: dict[str, dict[str, str]] = {
    "Plenary": {"fr": "Plénière", "ha": "Zaman dukkan mambobi", "tw": "Nhyiamu kɛseɛ"},
    "Plénière": {"sw": "Mkutano mkuu"},
}
MINUTES_TRANSLATIONS: dict[str, str] = {
    "ha": "## Taƙaitaccen tattaunawa\n\n- An duba ci gaban cire yara daga wuraren haƙar ma'adinai.\n"
          "- Mambobi sun amince su tsara jerin ayyuka masu haɗari tare da hukumomin gundumomi.\n",
    "fr": "## Résumé des discussions\n\n- Les progrès du retrait des enfants des sites miniers ont été examinés.\n"
          "- Les membres ont convenu de recenser les tâches dangereuses avec les assemblées de district.\n",
    "sw": "## Muhtasari wa majadiliano\n\n- Maendeleo ya kuwaondoa watoto kwenye maeneo ya migodi yalipitiwa.\n"
          "- Wajumbe walikubaliana kuorodhesha kazi hatarishi pamoja na mabaraza ya wilaya.\n",
}
# the agenda item whose translation was made from an earlier wording (out of date), and that wording
OUTDATED_ITEM = ("Matters arising from the last meeting", "Matters arising")
ANNOUNCEMENTS: dict[str, tuple[str, str, dict[str, tuple[str, str]]]] = {
    "ghana-nsccl": (
        "The revised hazardous activities list is gazetted",
        "The revised list of hazardous activities in artisanal and small-scale gold mining is now law. District "
        "assemblies will receive printed copies at the next plenary.",
        {"ha": ("An wallafa sabon jerin ayyuka masu haɗari a jarida",
                "Sabon jerin ayyuka masu haɗari a haƙar zinariya ta gargajiya da ta ƙaramin mataki ya zama doka. "
                "Hukumomin gundumomi za su karɓi kwafi a zaman dukkan mambobi na gaba."),
         "fr": ("La liste révisée des activités dangereuses est publiée au journal officiel",
                "La liste révisée des activités dangereuses dans l'EMAPE aurifère a désormais force de loi. Les "
                "assemblées de district en recevront des exemplaires imprimés lors de la prochaine plénière.")}),
    "katanga-platform": (
        "Atelier sur la traçabilité du cobalt",
        "La plateforme organise un atelier sur la traçabilité du cobalt artisanal à Kolwezi le mois prochain.",
        {"sw": ("Warsha kuhusu ufuatiliaji wa kobalti",
                "Jukwaa linaandaa warsha kuhusu ufuatiliaji wa kobalti ya uchimbaji mdogo huko Kolwezi mwezi ujao.")}),
}

FORUMS: tuple[Forum, ...] = (_GHANA, _KATANGA, _ROUND_TABLE, _ADANSI_NORTH, _AMANSIE_WEST)


@dataclass(frozen=True)
class Action:
    """An item of a forum's action plan: progress = (current - baseline) / (target - baseline), so a done item
    stands at its target, a planned one at its baseline, and an item under way (or blocked) in between."""
    title: str
    owner: str  # email of a person of the same forum
    objective: int  # 0, 1 or 2: index of the plan's objective
    status: str  # planned | in_progress | done | blocked | dropped
    indicator: str
    unit: str
    baseline: int
    target: int
    current: int
    due_months: int  # months from today (negative: already due)
    place: str | None = None
    mineral: str | None = None
    note: str | None = None  # the latest update


ACTIONS: dict[str, tuple[Action, ...]] = {
    "ghana-nsccl": (
        Action("Gazette the revised list of hazardous activities in artisanal and small-scale gold mining",
               "kwabena.owusu@example.org", 0, "done", "District assemblies briefed on the revised list", "districts",
               0, 12, 12, -2, "Greater Accra", "gold", "Gazetted; the last two district briefings held in Obuasi."),
        Action("Roll out the child labour monitoring system (CLMS) in mining communities of Adansi North",
               "adwoa.nkansah@example.org", 2, "in_progress", "Communities with a functioning CLMS", "communities",
               0, 40, 17, 8, "Adansi North", "gold", "Data collectors trained in Fomena and Akrokerri."),
        Action("Set up and train community child labour committees (CCLCs) near mine sites",
               "samuel.adu-gyamfi@example.org", 0, "in_progress", "Committees trained and meeting monthly",
               "committees", 0, 60, 38, 5, "Adansi North", "gold", "Eleven more committees trained in May."),
        Action("Enrol children withdrawn from mine sites in school, with uniforms and fees covered",
               "edem.kpodo@example.org", 0, "in_progress", "Children withdrawn from mining and enrolled in school",
               "children", 0, 500, 212, 10, "Ashanti", "gold", "Enrolment figures from the district education office."),
        Action("Reduce children's presence at monitored gold-washing sites", "kojo.antwi@example.org", 0,
               "in_progress", "Children found at monitored sites during spot checks", "children", 340, 100, 255, 14,
               "Adansi North", "gold", "Quarterly spot checks with the Minerals Commission."),
        Action("Train small-scale miners in mercury-free gold processing", "selorm.agbeko@example.org", 1,
               "planned", "Miners trained in mercury-free processing", "miners", 0, 800, 0, 6, "Western", "gold"),
        Action("Help mining groups register as cooperatives and obtain small-scale mining licences",
               "ibrahim.sulemana@example.org", 1, "blocked", "Cooperatives registered and licensed", "cooperatives",
               0, 25, 6, -1, "Ashanti", "gold", "Licence processing suspended pending the new regulations."),
        Action("Run a telephone hotline for reporting child labour at mine sites", "abena.darko@example.org", 2,
               "dropped", "Calls received and referred", "calls", 0, 300, 0, -3, "Western", "gold",
               "Dropped: reports now go through the CLMS referral pathway."),
    ),
    "katanga-platform": (
        Action("Cartographier les sites artisanaux de cobalt et y recenser les enfants", "pascal.ngoy@example.org", 2,
               "done", "Sites cartographiés", "sites", 0, 45, 45, -3, "Kolwezi", "cobalt",
               "Cartographie remise à la Division des Mines."),
        Action("Mettre en place des comités communautaires de surveillance du travail des enfants",
               "godelive.mujinga@example.org", 0, "in_progress", "Comités actifs", "comités", 0, 30, 11, 7,
               "Kolwezi", "cobalt", "Formation des comités de Kasulo et Musompo."),
        Action("Scolariser les enfants retirés des sites miniers", "clarisse.musau@example.org", 0, "in_progress",
               "Enfants scolarisés", "enfants", 0, 1200, 430, 11, "Lualaba", "cobalt"),
        Action("Accompagner les coopératives dans leur diligence raisonnable sur la chaîne d'approvisionnement",
               "tresor.mulumba@example.org", 1, "planned", "Coopératives auditées", "coopératives", 0, 8, 0, 9,
               "Lualaba", "cobalt"),
        Action("Équiper les zones d'exploitation artisanale en équipements de protection",
               "patrick.kasongo@example.org", 1, "blocked", "Creuseurs équipés", "creuseurs", 0, 2000, 650, -1,
               "Kolwezi", "cobalt",
               "Livraison bloquée à la douane."),
    ),
    "adansi-north": (
        Action("Withdraw children from galamsey pits around Fomena and enrol them in school",
               "comfort.addai@example.org", 0, "in_progress", "Children withdrawn and enrolled", "children", 0, 150, 90,
               4, "Fomena", "gold"),
        Action("Set up child labour monitoring committees in ten mining communities", "ama.dufie@example.org", 2,
               "in_progress", "Committees active", "committees", 0, 10, 6, 3, "Adansi North", "gold"),
        Action("Train small-scale miners in safe pit practices", "kwadwo.bediako@example.org", 1, "done",
               "Miners trained", "miners", 0, 200, 200, -1, "Akrokerri", "gold"),
        Action("Inspect licensed small-scale concessions for children at work", "samuel.oppong@example.org", 0,
               "planned", "Concessions inspected", "concessions", 0, 25, 0, 6, "Adansi North", "gold"),
    ),
    "amansie-west": (
        Action("Withdraw children from mining sites along the Offin river and enrol them in school",
               "abena.konadu@example.org", 0, "in_progress", "Children enrolled", "children", 0, 120, 40, 5,
               "Manso Nkwanta", "gold"),
        Action("Provide safety equipment to registered mining groups", "kwame.boadu@example.org", 1, "blocked",
               "Groups equipped", "groups", 0, 30, 12, -1, "Amansie West", "gold",
               "Waiting for the district assembly's procurement."),
        Action("Report child labour cases to the district social welfare office every month",
               "grace.asare@example.org", 2, "in_progress", "Monthly reports sent", "reports", 0, 12, 7, 5,
               "Amansie West"),
        Action("Hold community durbars on hazardous work in mining", "owusu.ansah@example.org", 0, "done",
               "Durbars held", "durbars", 0, 8, 8, -2, "Amansie West", "gold"),
    ),
    "asm-round-table": (
        Action("Publish a cross-mineral guide to hazardous-task lists in ASM", "helene.laurent@example.org", 0,
               "done", "Country cases documented", "countries", 0, 6, 6, -2),
        Action("Share due diligence practice between gold, cobalt and mica buyers", "emily.carter@example.org", 1,
               "in_progress", "Companies reporting on child labour risks", "companies", 0, 40, 23, 6),
        Action("Document community-based monitoring (CLMS) in three countries", "carolina.echavarria@example.org", 2,
               "in_progress", "Case studies published", "case studies", 0, 3, 1, 4),
        Action("Map funding for the formalisation of ASM cooperatives", "rebecca.miller@example.org", 1, "planned",
               "Programmes mapped", "programmes", 0, 20, 0, 8),
    ),
}


# --------------------------------------------------------------------------------------------------------------
# Decisions of the past meetings, oldest first: (public decision, decision for members), one pair per meeting
# (demo.py holds nine months of past meetings), in the forum's language
# --------------------------------------------------------------------------------------------------------------

DECISIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "adansi-north": (
        ("Map every galamsey pit within 2 km of a school in Akrokerri and Fomena before the next term.",
         "Ask the Municipal Education Office for the attendance registers of the five pilot schools."),
        ("Adopt the community child labour monitoring form in the five pilot communities.",
         "Train twelve community monitors, half of them women, with the District Labour Office."),
        ("Refer the 14 children found at the Dompoase washing site to the Department of Social Welfare.",
         "Ask the social welfare officer to report on each referral at the next meeting."),
        ("Agree with the Adansi small-scale miners' association that no child enters a concession from January.",
         "Draft the notice to concession holders in English and Twi for the chiefs to read out."),
        ("Request two mobile health screenings for mercury exposure in Akrokerri and Ayanfuri.",
         "Ask the District Health Directorate for the cost of the screenings."),
        ("Support the women's cooperative of Fomena to register with the Minerals Commission.",
         "Collect the cooperative members' identity documents before the registration visit."),
        ("Hold the district plenary every quarter in a mining community, rotating between the five pilots.",
         "Agree that the secretariat books transport for members from outlying communities."),
        ("Report the monitoring results to the NSCCL with the half-year snapshot.",
         "Ask the monitoring working group to check the figures before they are shared."),
        ("Adopt the district action plan for 2027 with its three objectives.",
         "Invite the Municipal Chief Executive to the launch of the 2027 plan."),
    ),
    "amansie-west": (
        ("Close the children's entry to the Manso Nkwanta washing pits with community watch groups.",
         "Ask the chiefs of Manso Nkwanta and Esaase to name two watch-group members each."),
        ("Adopt the referral pathway for children withdrawn from mining with the Social Welfare Department.",
         "Agree that every referral is followed up within 30 days by the District Labour Officer."),
        ("Open two after-school clubs in Moseaso and Agroyesum for children at risk of mine work.",
         "Ask the Ghana Education Service for two rooms and a volunteer teacher for each club."),
        ("Register the Amansie West small-scale miners' cooperative as a member of the committee.",
         "Invite the cooperative's chair to the next district plenary."),
        ("Request the Minerals Commission to inspect the three concessions where children were found.",
         "Prepare the list of concessions and dates of the findings for the inspectors."),
        ("Adopt a code of conduct for licensed miners on child labour and safe working conditions.",
         "Translate the code of conduct into Twi and print 200 copies."),
        ("Support women processors in Manso Nkwanta with protective equipment for mercury handling.",
         "Ask the NSCCL secretariat for the supplier list used in Adansi North."),
        ("Share the district's action progress with the NSCCL every month.",
         "Agree that figures under five are withheld, as the platform does."),
        ("Adopt the district action plan for 2027 with its three objectives.",
         "Hold a radio discussion on Nhyira FM on the 2027 plan."),
    ),
    "ghana-nsccl": (
        ("Adopt the updated list of hazardous tasks in artisanal gold mining and submit it to the Minister.",
         "Ask the secretariat to circulate the draft hazardous-task list to district assemblies for comment."),
        ("Endorse the Adansi North pilot of community child labour monitoring in five mining communities.",
         "Request a budget from the Minerals Commission for monitoring visits to the pilot communities."),
        ("Set up a referral pathway with the Department of Social Welfare for children withdrawn from mine sites.",
         "Ask the District Labour Officer to report monthly on children referred to social welfare."),
        ("Adopt the annual work plan of the Subcommittee on Mining, with quarterly reviews.",
         "Agree that the Working Group on Monitoring drafts the indicators for the plenary."),
        ("Call on the Minerals Commission to make a child labour clause a condition of small-scale licences.",
         "Ask the employers' association to brief its members on the proposed licence clause."),
        ("Support school feeding in Obuasi and Prestea to keep children of mining families in school.",
         "Ask the Ghana Education Service for enrolment figures near mine sites by the next meeting."),
        ("Approve the training of 120 galamsey operators on safe mercury handling with the EPA.",
         "Agree the list of communities for the mercury training and the trainers' schedule."),
        ("Publish the forum's first inclusion scorecard on the public page.",
         "Invite the women miners' association to nominate a member to the Subcommittee on Mining."),
        ("Adopt the mid-term review of the National Plan of Action and its revised targets for mining.",
         "Ask development partners to confirm their funding for the second half of the plan."),
    ),
    "katanga-platform": (
        ("Adopter la charte de bonnes pratiques sociales pour les sites artisanaux de cobalt du Lualaba.",
         "Demander au secrétariat de traduire la charte en swahili avant sa diffusion."),
        ("Créer un comité de surveillance du travail des enfants à Kasulo, avec les chefs coutumiers.",
         "Proposer au comité de Kasulo trois noms de femmes creuseuses comme membres."),
        ("Demander à la Division des Mines de publier la liste des zones d'exploitation artisanale autorisées.",
         "Charger la société civile de relever les sites non autorisés où travaillent des enfants."),
        ("Adopter le plan de travail annuel du Groupe de travail Cobalt.",
         "Fixer au troisième jeudi du mois la réunion du Groupe de travail Cobalt."),
        ("Recommander aux entreprises minières un mécanisme de plainte accessible aux communautés riveraines.",
         "Demander aux entreprises de présenter leur mécanisme de plainte à la prochaine plénière."),
        ("Soutenir la scolarisation des enfants retirés des sites de Kolwezi pour la rentrée scolaire.",
         "Demander à la Division de l'Éducation les effectifs des écoles proches des sites."),
        ("Approuver la formation des coopératives à la diligence raisonnable avec le CEEC.",
         "Retenir huit coopératives pilotes pour la formation à la diligence raisonnable."),
        ("Publier le bilan semestriel de la plateforme sur la page publique.",
         "Inviter les associations de jeunes de Musompo à la prochaine réunion du comité local."),
        ("Adopter la révision à mi-parcours des lignes directrices sociales de la plateforme.",
         "Demander aux partenaires de confirmer leur appui pour l'année suivante."),
    ),
    "asm-round-table": (
        ("Launch a knowledge-sharing webinar series chaired by member organisations in rotation.",
         "Ask the ILO to coordinate the first three webinar sessions."),
        ("Agree a common template for country case studies on child labour in ASM.",
         "Invite three member organisations to draft the first case studies."),
        ("Publish a cross-mineral guide to hazardous-task lists, covering gold, cobalt and mica.",
         "Ask the employers' representatives to review the guide's section on buyers."),
        ("Adopt the round table's terms of reference and its annual work plan.",
         "Agree that the chair rotates between employers and workers every year."),
        ("Call on downstream buyers to report on child labour risks in their ASM supply chains.",
         "Ask the industry members to share their due diligence reports before the next meeting."),
        ("Document community-based child labour monitoring in three producing countries.",
         "Ask the civil society members to propose the three countries for the study."),
        ("Map funding programmes for the formalisation of ASM cooperatives.",
         "Ask development partners to list their current ASM programmes and budgets."),
        ("Publish the round table's first annual report on its public page.",
         "Agree to invite women miners' associations to speak at the next webinar."),
        ("Adopt the review of the webinar series and its topics for next year.",
         "Ask members to propose chairs for next year's sessions."),
    ),
}


# --------------------------------------------------------------------------------------------------------------
# Consistency check
# --------------------------------------------------------------------------------------------------------------

_EMAIL_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789.-_")


def _check_forum(forum: Forum) -> list[str]:
    problems: list[str] = []
    where = forum.slug

    def bad(message: str) -> None:
        problems.append(f"{where}: {message}")

    if forum.kind not in FORUM_KINDS:
        bad(f"unknown forum kind {forum.kind!r}")
    if forum.country is not None and (len(forum.country) != 2 or not forum.country.isupper()):
        bad(f"country {forum.country!r} is not ISO 3166 alpha-2")
    if not forum.enabled_locales or any(loc not in LOCALES and not _WORKING_LANGUAGE.match(loc)
                                        for loc in forum.enabled_locales):
        bad(f"enabled locales {forum.enabled_locales!r}: the interface's {LOCALES} or language codes such as tw")
    if forum.default_locale not in forum.enabled_locales:
        bad(f"default locale {forum.default_locale!r} not enabled")
    if "/" not in forum.timezone:
        bad(f"timezone {forum.timezone!r} is not an Area/City name")
    for c in forum.core_constituencies:
        if c not in CONSTITUENCIES:
            bad(f"unknown core constituency {c!r}")

    # Organisations
    orgs: dict[str, Org] = {}
    for org in forum.orgs:
        if org.key in orgs:
            bad(f"duplicate organisation key {org.key!r}")
        orgs[org.key] = org
        if org.constituency not in CONSTITUENCIES:
            bad(f"organisation {org.key!r}: unknown constituency {org.constituency!r}")
        if org.country is not None and (len(org.country) != 2 or not org.country.isupper()):
            bad(f"organisation {org.key!r}: country {org.country!r} is not ISO 3166 alpha-2")
    for c in forum.core_constituencies:
        if not any(o.constituency == c for o in forum.orgs):
            bad(f"core constituency {c!r} has no organisation")

    # Committees
    committees: dict[str, Committee] = {}
    for com in forum.committees:
        if com.name in committees:
            bad(f"duplicate committee {com.name!r}")
        committees[com.name] = com
        if com.kind not in COMMITTEE_KINDS:
            bad(f"committee {com.name!r}: unknown kind {com.kind!r}")
        if com.level not in LEVELS:
            bad(f"committee {com.name!r}: unknown level {com.level!r}")
    if sum(1 for com in forum.committees if com.kind == "plenary") != 1:
        bad("there must be exactly one plenary committee")

    # People
    by_email: dict[str, Person] = {}
    for p in forum.people:
        who = f"{p.name} <{p.email}>"
        if p.email in by_email:
            bad(f"duplicate email {p.email}")
        by_email[p.email] = p
        local, _, domain = p.email.partition("@")
        if p.email != p.email.lower() or domain != "example.org" or not local or not set(local) <= _EMAIL_CHARS:
            bad(f"{who}: email must be lower-case ASCII @example.org")
        if p.org not in orgs:
            bad(f"{who}: unknown organisation {p.org!r}")
        if p.role not in ROLES:
            bad(f"{who}: unknown role {p.role!r}")
        if p.gender not in GENDERS:
            bad(f"{who}: unknown gender {p.gender!r}")
        if not p.languages or any(not (2 <= len(code) <= 3 and code.isalpha() and code.islower())
                                  for code in p.languages):
            bad(f"{who}: languages {p.languages!r} must be ISO 639-1/3 codes")
        if len(set(p.languages)) != len(p.languages):
            bad(f"{who}: repeated language")
        if p.time_zone is not None and "/" not in p.time_zone:
            bad(f"{who}: time zone {p.time_zone!r} is not an Area/City name")
        if p.locale is not None:
            if p.locale not in forum.enabled_locales:
                bad(f"{who}: locale {p.locale!r} not enabled in the forum")
            if p.locale not in p.languages:
                bad(f"{who}: prefers notices in {p.locale!r}, which they do not speak")
        if p.term_years < 0:
            bad(f"{who}: negative term")
        seen: set[str] = set()
        for name, crole in p.committees:
            if name not in committees:
                bad(f"{who}: unknown committee {name!r}")
            if crole not in COMMITTEE_ROLES:
                bad(f"{who}: unknown committee role {crole!r}")
            if name in seen:
                bad(f"{who}: sits twice on {name!r}")
            seen.add(name)
        if (p.role == "alternate") != (p.alternate_of is not None):
            bad(f"{who}: role 'alternate' and alternate_of go together")

    for p in forum.people:
        if p.alternate_of is None:
            continue
        titular = by_email.get(p.alternate_of)
        if titular is None:
            bad(f"{p.email}: alternate_of {p.alternate_of} is not a person of the forum")
        elif titular is p:
            bad(f"{p.email}: is their own alternate")
        elif titular.role in ("alternate", "observer", "secretariat"):
            bad(f"{p.email}: stands in for {titular.email}, who is not a titular member ({titular.role})")

    # Forum roles and committee chairs
    if sum(1 for p in forum.people if p.role == "chair") != 1:
        bad("the forum must have exactly one chair")
    if not any(p.role == "secretariat" for p in forum.people):
        bad("the forum has no secretariat")
    for com in forum.committees:
        roles = [crole for p in forum.people for name, crole in p.committees if name == com.name]
        if not roles:
            bad(f"committee {com.name!r} has no members")
        if roles.count("chair") > 1:
            bad(f"committee {com.name!r} has more than one chair")
        if "chair" not in roles and "co_chair" not in roles:
            bad(f"committee {com.name!r} has no chair or co-chair")
        if "chair" not in roles and roles.count("co_chair") == 1:
            bad(f"committee {com.name!r} has a single co-chair and no chair")

    # Demo accounts: exactly the README's, with their roles
    expected = {(email, name, role) for slug, name, email, role in DEMO_ACCOUNTS if slug == forum.slug}
    actual = {(p.email, p.name, p.role) for p in forum.people if p.account}
    for email, name, role in sorted(expected - actual):
        bad(f"demo account {name} <{email}> as {role} missing or different")
    for email, name, role in sorted(actual - expected):
        bad(f"{name} <{email}> ({role}) has an account but is not a README demo account")
    return problems


def check() -> list[str]:
    """Problems found in FORUMS (references, vocabularies, uniqueness, chairs, demo accounts); empty when fine."""
    problems: list[str] = []
    slugs = [f.slug for f in FORUMS]
    if len(set(slugs)) != len(slugs):
        problems.append(f"duplicate forum slugs in {slugs}")
    for slug in {s for s, *_ in DEMO_ACCOUNTS} - set(slugs):
        problems.append(f"demo accounts refer to unknown forum {slug!r}")
    for forum in FORUMS:
        problems.extend(_check_forum(forum))
        problems.extend(_check_actions(forum))
        texts = [t for pair in DECISIONS.get(forum.slug, ()) for t in pair]
        if len(texts) < 18 or len(set(texts)) != len(texts):
            problems.append(f"{forum.slug}: nine pairs of distinct decisions needed")
    return problems


def _check_actions(forum: Forum) -> list[str]:
    """Owners of the forum, distinct titles, statuses that agree with progress (done at the target, planned at the
    baseline, under way or blocked in between, dropped with nothing to show)."""
    problems: list[str] = []
    emails = {p.email for p in forum.people}
    actions = ACTIONS.get(forum.slug, ())
    if len({a.title for a in actions}) != len(actions):
        problems.append(f"{forum.slug}: action titles repeat")
    for a in actions:
        if a.owner not in emails:
            problems.append(f"{forum.slug}: action owner {a.owner} is not in the forum")
        expected = {"done": a.current == a.target, "planned": a.current == a.baseline,
                    "dropped": a.current == a.baseline,
                    "in_progress": min(a.baseline, a.target) < a.current < max(a.baseline, a.target),
                    "blocked": min(a.baseline, a.target) <= a.current < max(a.baseline, a.target)}.get(a.status)
        if not expected:
            problems.append(f"{forum.slug}: {a.title!r} is {a.status} at {a.current} of {a.baseline}→{a.target}")
    return problems


# read aloud on the Ghana forum's last published outcome (issue 46)
HAUSA_OUTCOME_TRANSCRIPT = (
    "Kwamitin ƙasa kan aikin yara ya amince da shirin aiki na shekara mai zuwa. Za a ziyarci wuraren haƙar "
    "ma'adinai a gundumomin Amansie West da Adansi North, kuma za a mayar da yara makaranta. Ma'aikatar ƙwadago za ta "
    "ba da rahoto a taro na gaba.")

# the motion voted on in the room at each forum's last plenary (issue 39), in the forum's language
VOTE_MOTION = {
    "en": "Adopt the communication plan for the mining communities, as presented",
    "fr": "Adopter le plan de communication pour les communautés minières, tel que présenté",
    "es": "Adoptar el plan de comunicación para las comunidades mineras, tal como se presentó",
    "sw": "Kupitisha mpango wa mawasiliano kwa jamii za wachimbaji, kama ulivyowasilishwa",
    "ha": "Amincewa da shirin sadarwa ga al'ummomin masu haƙar ma'adinai, kamar yadda aka gabatar",
}


# Issue 46: the SMS sentences Adansi North's translators wrote in Twi (Asante Twi, as texted: ɛ and ɔ written e and o so
# that an SMS stays one GSM-7 segment), with the reply words a member sends: AANE (yes), DAABI (no), EBIA (maybe), and
# to a proposal PENE (agree: "mepene so"), NANSO ("but": with reservations), KOMM (silence: abstain), MEMPENE (object)
SMS_LANGUAGES: dict[str, dict[str, dict[str, str]]] = {
    "adansi-north": {"tw": {
        "name": "Twi", "yes": "AANE", "no": "DAABI", "maybe": "EBIA",
        "agree": "PENE", "reserve": "NANSO", "abstain": "KOMM", "object": "MEMPENE",
        "reply_line": "Bua AANE {code}, DAABI {code} anaa EBIA {code}", "online": "intanet so",
        "meeting_invitation": "{who}: yeto nsa fre wo se bra {title}, {date} {time}, {where}.",
        "meeting_update": "{who}: NSESAE {title}, seesei {date} {time}, {where}.",
        "meeting_cancelled": "{who}: YEATWA {title} MU, {date} {time}.",
        "meeting_reminder": "{who} nkaee: {title}, {date} {time}, {where}.",
        "reply": "{who}: yeatwere wo mmuae {answer} ama {title}, {date} {time}.",
        # a proposal's SMS and a reporting body's report by SMS in Twi too (the report keyword stays REP)
        "proposal_reply_line": "Bua PENE {code} anaa NANSO, KOMM, MEMPENE ne nea enti",
        "proposal_opened": "{who}: nsem a yede ato gua {title}, bua ansa na {date} {time}.",
        "proposal_reminder": "{who} nkaee: {title}, bua ansa na {date} {time}.",
        "proposal_reply": "{who}: yeatwere wo mmuae {answer} ama {title}; wobetumi asesa kosi {date} {time}.",
        "proposal_unclear": "{who}: yente wo mmuae a wode maa {title} no ase.",
        "proposal_closed": "{who}: mmuae a ewo {title} ho no aba awiee; yentwereee wo de no.",
        "proposal_titular": "{who}: obi a wogyina n'ananmu no abua {title}; ne mmuae na ebu.",
        "report_reminder": "{who}: amanneebo {title} du {date}. Bua REP {code} ne akontaahyee no.",
        "report_recorded": "{who}: yeatwere amanneebo {code}: {title}. Meda wo ase.",
        "report_error": "{who}: yentwereee amanneebo {code}. Fa REP {code} ne {title} bra.",
        "report_refused": "{who}: wode amanneebo {code} a ewo {title} ho no aba dedaw; yede sie saa ara.",
    }},
}
