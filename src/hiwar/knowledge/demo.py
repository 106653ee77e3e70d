"""Demonstration good practices and organization profiles, for `hiwar seed_demo`; idempotent.

The texts were written for the Hiwar demonstration (they are marked `is_sample`, and every page
that shows them says so): they describe the kind of initiative organizations of the region
report, not the words of any of them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from hiwar.accounts.models import Organization, User
from hiwar.framework.models import Country, GuidingPrinciple, Objective, StakeholderCategory
from hiwar.knowledge.models import OrganizationProfile, Practice
from hiwar.knowledge.services import directory as directory_services
from hiwar.knowledge.services import practices as services

__all__ = ["seed_practices"]


@dataclass(frozen=True)
class DemoPractice:
    organization: str
    language: str
    title: str
    summary: str
    description: str
    countries: tuple[str, ...]
    years: tuple[int, int | None]
    objectives: tuple[int, ...]
    principles: tuple[str, ...]
    categories: tuple[str, ...]
    results: str
    published_on: datetime.date | None = None
    author: str = ""
    stakeholders: str = ""
    links: tuple[str, ...] = field(default_factory=tuple)


PRACTICES = [
    DemoPractice(
        organization="Tamkeen for Legal Aid and Human Rights",
        language="en",
        title="Mobile legal clinics for migrant workers in industrial zones",
        summary=(
            "A team of lawyers and interpreters visits the industrial zones every week to advise "
            "migrant garment workers on contracts, unpaid wages and residence permits, and takes "
            "the strongest cases to the labour courts."
        ),
        description=(
            "Migrant workers in the qualifying industrial zones rarely reach a lawyer: they work "
            "long shifts far from the cities and fear losing their residence if they complain.\n\n"
            "The clinic comes to them:\n\n"
            "- **weekly visits** to dormitories, in Bengali, Hindi, Sinhala and Arabic;\n"
            "- a **hotline** open in the evening, after the shifts;\n"
            "- **strategic litigation** on withheld passports and wage theft, with the consent of "
            "the workers concerned.\n\n"
            "Cases are referred to the labour inspectorate when an employer refuses mediation."
        ),
        countries=("JO",),
        years=(2017, None),
        objectives=(6, 7, 16),
        principles=("d", "f"),
        categories=("civil_society", "migrants"),
        results=(
            "About 1,100 consultations a year; three in four wage claims settled by mediation; "
            "two court rulings on withheld passports now cited by other lawyers."
        ),
        published_on=datetime.date(2021, 2, 3),
        author="org.admin@example.org",
        stakeholders="Interpreters from migrant communities; the labour inspectorate.",
    ),
    DemoPractice(
        organization="Workers House",
        language="ar",
        title="خط ساخن للعمال المهاجرين بلغاتهم",
        summary=(
            "خط هاتفي مجاني يجيب فيه متطوعون من الجاليات المهاجرة بلغات العمال عن أسئلتهم حول "
            "الأجور وساعات العمل وتجديد التصاريح، ويحيل الشكاوى إلى النقابات ومفتشية العمل."
        ),
        description=(
            "يعمل الخط ستة أيام في الأسبوع من الرابعة مساءً حتى العاشرة ليلاً، بعد انتهاء "
            "ساعات العمل.\n\n"
            "- يتلقى المتطوعون **تدريباً قانونياً** قبل البدء؛\n"
            "- تُسجَّل الشكاوى دون ذكر الأسماء إلا بموافقة العامل؛\n"
            "- تُنشر كل ثلاثة أشهر **خلاصة** بأكثر المشكلات تكراراً."
        ),
        countries=("JO",),
        years=(2019, None),
        objectives=(3, 6, 7),
        principles=("a", "j"),
        categories=("trade_unions", "migrants"),
        results="أكثر من ٤٠٠٠ اتصال في السنة الأولى، ثلثها من عاملات المنازل.",
        published_on=datetime.date(2021, 2, 10),
        author="org.member@example.org",
    ),
    DemoPractice(
        organization="Tunisian General Labour Union",
        language="fr",
        title="Syndiquer les travailleurs migrants subsahariens",
        summary=(
            "Des permanences syndicales ouvertes aux travailleurs migrants, quel que soit leur "
            "statut, pour faire valoir les droits au salaire minimum et à la sécurité au travail "
            "dans le bâtiment et l'agriculture."
        ),
        description=(
            "Le syndicat a ouvert dans trois gouvernorats des **permanences** tenues avec des "
            "associations de migrants. Les travailleurs y adhèrent, reçoivent une carte et sont "
            "accompagnés dans leurs démarches.\n\n"
            "Une campagne de sensibilisation auprès des adhérents tunisiens rappelle que l'égalité "
            "de traitement protège aussi les salaires de tous."
        ),
        countries=("TN",),
        years=(2018, None),
        objectives=(6, 16, 17),
        principles=("f", "j"),
        categories=("trade_unions", "migrant_diaspora"),
        results=(
            "Plus de 800 adhésions de travailleurs migrants ; des accords de salaire conclus sur "
            "plusieurs chantiers."
        ),
        published_on=datetime.date(2021, 2, 15),
    ),
    DemoPractice(
        organization="Public Aid Organization",
        language="ar",
        title="البحث عن المهاجرين المفقودين ومساندة أسرهم",
        summary=(
            "شبكة تجمع بلاغات الأسر عن ذويها المفقودين على طرق الهجرة، وتتواصل مع السلطات "
            "والقنصليات لتحديد مصيرهم، وتقدم للأسر دعماً نفسياً وقانونياً."
        ),
        description=(
            "تُجمع البلاغات في **سجل موحد** يحترم سرية البيانات، وتُقارن بمعلومات المستشفيات "
            "ومراكز الاحتجاز.\n\n"
            "وتُرافق الأسر في إجراءات إثبات الوفاة أو الغياب حتى تحفظ حقوقها في الإرث والنفقة."
        ),
        countries=("IQ",),
        years=(2016, 2021),
        objectives=(8, 14),
        principles=("a", "f"),
        categories=("civil_society",),
        results="تحديد مصير ١٢٠ مفقوداً وإعادة رفات ٣٠ منهم إلى أسرهم.",
        published_on=datetime.date(2021, 2, 18),
    ),
    DemoPractice(
        organization="Arab Institute for Human Rights",
        language="fr",
        title="Former les journalistes à parler de migration sans stéréotypes",
        summary=(
            "Des ateliers pour journalistes et étudiants en journalisme sur le vocabulaire, les "
            "sources et les chiffres de la migration, avec un guide pratique en arabe et en "
            "français."
        ),
        description=(
            "Chaque atelier de deux jours réunit une vingtaine de journalistes. Ils analysent des "
            "articles publiés, rencontrent des migrants et des chercheurs, puis écrivent un "
            "reportage relu par des pairs.\n\n"
            "Le guide propose des **termes exacts** (demandeur d'asile, travailleur migrant, "
            "réfugié) et des sources de données fiables."
        ),
        countries=("TN", "MA", "LB"),
        years=(2019, 2021),
        objectives=(17, 3),
        principles=("f", "j"),
        categories=("media", "academia"),
        results="240 journalistes formés ; le guide est utilisé dans deux écoles de journalisme.",
        published_on=datetime.date(2021, 2, 22),
        links=("https://example.org/guide-migration-medias",),
    ),
    DemoPractice(
        organization="International Federation of Red Cross and Red Crescent Societies",
        language="en",
        title="Humanitarian service points along migration routes",
        summary=(
            "National Red Crescent societies run safe spaces where any migrant, whatever their "
            "status, can get first aid, water, phone calls to family and information, without "
            "fear of being reported."
        ),
        description=(
            "Service points are set up in bus stations, border towns and ports. Volunteers are "
            "trained in **psychological first aid** and in restoring family links.\n\n"
            "The points share no personal data with the authorities: this principle is what "
            "makes migrants come."
        ),
        countries=("LB", "JO", "EG", "LY"),
        years=(2015, None),
        objectives=(7, 8, 15),
        principles=("a", "f"),
        categories=("red_cross_red_crescent", "civil_society"),
        results="More than 60,000 services a year; 3,000 families put back in touch.",
        published_on=datetime.date(2021, 3, 1),
    ),
    DemoPractice(
        organization="Adwaa Rights for Democracy and Human",
        language="ar",
        title="تسجيل المواليد من أبناء المهاجرين",
        summary=(
            "مرافقة الأمهات المهاجرات في تسجيل مواليدهن لدى الحالة المدنية، حتى لا يبقى الأطفال "
            "بلا وثائق تثبت هويتهم."
        ),
        description=(
            "تشرح الجمعية للأمهات **الإجراءات** وتساعدهن على جمع الوثائق، وتتابع الملفات مع "
            "البلديات والمستشفيات.\n\n"
            "كما تدرّب موظفي الحالة المدنية على قبول الملفات الناقصة حين يسمح القانون بذلك."
        ),
        countries=("DZ",),
        years=(2020, None),
        objectives=(4, 7, 15),
        principles=("h", "g"),
        categories=("civil_society", "migrants"),
        results="تسجيل ٣٥٠ طفلاً كانوا بلا شهادة ميلاد.",
        published_on=datetime.date(2021, 3, 8),
    ),
    DemoPractice(
        organization="American University in Cairo",
        language="en",
        title="Recognising the skills of refugees and migrants in Cairo",
        summary=(
            "A short assessment and certification programme lets refugees and migrants with "
            "trade or professional experience prove their skills to employers, and points them "
            "to bridging courses."
        ),
        description=(
            "Assessors from the university and from vocational schools test practical skills in "
            "eight trades. A **certificate** lists the skills shown, in Arabic and English.\n\n"
            "Employers' associations helped design the tests, so they trust the certificate."
        ),
        countries=("EG",),
        years=(2018, 2021),
        objectives=(18, 16),
        principles=("e", "j"),
        categories=("academia", "private_sector"),
        results="900 people assessed; half found work in their trade within six months.",
        published_on=datetime.date(2021, 3, 12),
    ),
    # Awaiting the secretariat's review.
    DemoPractice(
        organization="Workers House",
        language="fr",
        title="Cours d'arabe du soir pour travailleuses domestiques",
        summary=(
            "Des cours gratuits d'arabe parlé, le vendredi, pour que les travailleuses "
            "domestiques migrantes puissent défendre leurs droits et demander de l'aide."
        ),
        description=(
            "Les cours ont lieu dans les locaux du syndicat. Ils abordent aussi le contrat de "
            "travail, le jour de repos et les numéros d'urgence."
        ),
        countries=("JO",),
        years=(2020, None),
        objectives=(16, 6),
        principles=("g",),
        categories=("trade_unions", "migrants"),
        results="Trois groupes de quinze apprenantes par an.",
        author="org.member@example.org",
    ),
]

PROFILES = {
    "Tamkeen for Legal Aid and Human Rights": (
        "ar",
        "منظمة أردنية تقدم المساعدة القانونية للعمال المهاجرين واللاجئين، وترصد انتهاكات حقوقهم "
        "في العمل، وتدعو إلى إصلاح التشريعات.",
        (6, 7, 10, 16),
        ("JO",),
    ),
    "Tunisian General Labour Union": (
        "fr",
        "Centrale syndicale tunisienne. Elle défend les droits de tous les travailleurs, "
        "migrants compris, et coopère avec les syndicats des pays d'origine.",
        (6, 22),
        ("TN",),
    ),
    "American University in Cairo": (
        "en",
        "A university whose Center for Migration and Refugee Studies teaches, researches and "
        "works with refugee communities in Cairo.",
        (1, 16, 18),
        ("EG",),
    ),
    "International Federation of Red Cross and Red Crescent Societies": (
        "en",
        "The world's largest humanitarian network. In the Arab region, National Societies help "
        "migrants in need along the routes, whatever their status.",
        (7, 8, 15),
        ("LB", "JO", "EG", "LY", "TN", "MA"),
    ),
}


def _content(item: DemoPractice) -> services.PracticeContent:
    return services.PracticeContent(
        title=item.title,
        summary=item.summary,
        description=item.description,
        language=item.language,
        start_year=item.years[0],
        end_year=item.years[1],
        countries=list(Country.objects.filter(iso2__in=item.countries)),
        objectives=list(Objective.objects.filter(number__in=item.objectives)),
        principles=list(GuidingPrinciple.objects.filter(letter__in=item.principles)),
        stakeholder_categories=list(StakeholderCategory.objects.filter(code__in=item.categories)),
        stakeholders_text=item.stakeholders,
        results=item.results,
        links=item.links,
    )


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


@transaction.atomic
def seed_practices(cycle: Any = None) -> int:
    """The demonstration practices (published, and one awaiting review) and a few declared
    profiles. `cycle` is accepted for the seeding command's uniform calls; practices belong to
    no cycle. Returns the number of practices created."""
    created = 0
    for item in PRACTICES:
        organization = Organization.objects.filter(name=item.organization).first()
        if organization is None:
            continue
        if Practice.objects.filter(title=item.title, is_sample=True).exists():
            continue
        author = User.objects.filter(email=item.author).first() if item.author else None
        practice = services.create_practice(
            actor=author, organization=organization, content=_content(item)
        )
        Practice.objects.filter(pk=practice.pk).update(is_sample=True)
        practice = services.submit_practice(actor=author, practice=practice)
        if item.published_on is not None:
            practice = services.publish_practice(actor=None, practice=practice)
            when = _at(item.published_on)
            Practice.objects.filter(pk=practice.pk).update(
                submitted_at=when - datetime.timedelta(days=5),
                decided_at=when,
                published_at=when,
                updated_at=when,
            )
        created += 1
    for name, (language, description, objectives, countries) in PROFILES.items():
        organization = Organization.objects.filter(name=name).first()
        if (
            organization is None
            or OrganizationProfile.objects.filter(organization=organization).exists()
        ):
            continue
        profile = directory_services.save_profile(
            actor=None,
            organization=organization,
            description=description,
            language=language,
            objectives=list(Objective.objects.filter(number__in=objectives)),
            countries=list(Country.objects.filter(iso2__in=countries)),
        )
        OrganizationProfile.objects.filter(pk=profile.pk).update(is_sample=True)
    return created
