"""Demo organizations (those named in the 2020 dialogue report and the 2021 concept note) and one
demo account per role. Used by `hiwar seed_demo`; idempotent."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from hiwar.accounts import services
from hiwar.accounts.models import Membership, Organization, PlatformRole, User
from hiwar.framework.models import Country, StakeholderCategory

DEMO_PASSWORD = "hiwar-demo-2021"  # noqa: S105 - printed for the demo on purpose

# (name, acronym, kind, category code, country ISO code or "", scope)
ORGANIZATIONS = [
    ("International Organization for Migration", "IOM", "un_system", "", "", "global"),
    (
        "United Nations Economic and Social Commission for Western Asia",
        "ESCWA",
        "un_system",
        "",
        "LB",
        "regional",
    ),
    ("League of Arab States", "LAS", "intergovernmental", "", "EG", "regional"),
    (
        "Regional United Nations Network on Migration in the Arab Region",
        "",
        "un_system",
        "",
        "",
        "regional",
    ),
    (
        "Tamkeen for Legal Aid and Human Rights",
        "Tamkeen",
        "stakeholder",
        "civil_society",
        "JO",
        "national",
    ),
    ("Public Aid Organization", "", "stakeholder", "civil_society", "IQ", "national"),
    (
        "International Federation of Red Cross and Red Crescent Societies",
        "IFRC",
        "stakeholder",
        "red_cross_red_crescent",
        "",
        "global",
    ),
    ("National Human Rights Commission, Libya", "", "stakeholder", "nhri", "LY", "national"),
    ("Tunisian General Labour Union", "UGTT", "stakeholder", "trade_unions", "TN", "national"),
    ("Adwaa Rights for Democracy and Human", "", "stakeholder", "civil_society", "DZ", "national"),
    ("Arab Institute for Human Rights", "", "stakeholder", "civil_society", "TN", "regional"),
    (
        "General Federation of Bahrain Trade Unions",
        "GFBTU",
        "stakeholder",
        "trade_unions",
        "BH",
        "national",
    ),
    ("Kuwait Trade Union Federation", "KTUF", "stakeholder", "trade_unions", "KW", "national"),
    ("International Organization of Employers", "IOE", "stakeholder", "employers", "", "global"),
    ("Solidarity Center", "", "stakeholder", "civil_society", "JO", "national"),
    ("Workers House", "", "stakeholder", "trade_unions", "JO", "national"),
    (
        "United Cities and Local Governments",
        "UCLG",
        "stakeholder",
        "local_authorities",
        "",
        "global",
    ),
    ("American University in Cairo", "AUC", "stakeholder", "academia", "EG", "national"),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    language: str
    role: str | None = None
    country: str | None = None
    organization: str | None = None
    organization_role: str = Membership.Role.MEMBER
    note: str = ""


ACCOUNTS = [
    DemoAccount(
        "secretariat@example.org",
        "Sara Secretariat",
        "en",
        PlatformRole.SECRETARIAT,
        organization="United Nations Economic and Social Commission for Western Asia",
        note="asked to set up two-factor authentication at first sign-in",
    ),
    DemoAccount(
        "focalpoint.jo@example.org",
        "Yousef Focal Point",
        "fr",
        PlatformRole.FOCAL_POINT,
        country="JO",
        note="focal point for Jordan, whose report is being drafted",
    ),
    DemoAccount("rapporteur@example.org", "Rami Rapporteur", "en", PlatformRole.RAPPORTEUR),
    DemoAccount("translator@example.org", "Taha Translator", "ar", PlatformRole.TRANSLATOR),
    DemoAccount(
        "org.admin@example.org",
        "Hala Organization Admin",
        "ar",
        organization="Tamkeen for Legal Aid and Human Rights",
        organization_role=Membership.Role.ADMIN,
        note="administers Tamkeen (Jordan)",
    ),
    DemoAccount(
        "org.member@example.org",
        "Omar Organization Member",
        "ar",
        organization="Workers House",
        note="trade-union member in Amman",
    ),
]


@transaction.atomic
def seed_organizations() -> int:
    categories = {c.code: c for c in StakeholderCategory.objects.all()}
    countries = {c.iso2: c for c in Country.objects.all()}
    created = 0
    for name, acronym, kind, category, country, scope in ORGANIZATIONS:
        if Organization.objects.filter(name__iexact=name).exists():
            continue
        Organization.objects.create(
            name=name,
            acronym=acronym,
            kind=kind,
            category=categories.get(category),
            country=countries.get(country),
            scope=scope,
        )
        created += 1
    return created


@transaction.atomic
def seed_accounts() -> list[DemoAccount]:
    for account in ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                account.email,
                DEMO_PASSWORD,
                full_name=account.full_name,
                preferred_language=account.language,
            )
        EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        if account.role:
            country = Country.objects.get(iso2=account.country) if account.country else None
            services.grant_role(actor=None, user=user, role=account.role, country=country)
        if account.organization:
            organization = Organization.objects.get(name=account.organization)
            Membership.objects.get_or_create(
                user=user,
                organization=organization,
                defaults={"role": account.organization_role, "status": Membership.Status.ACTIVE},
            )
    return ACCOUNTS
