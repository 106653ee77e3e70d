"""The first Arab regional review of the GCM, 2020-2021, as the seed documents describe it."""

import datetime

from django.db import transaction

from hiwar.framework.models import Region
from hiwar.framework.services import ARAB_REGION_CODE
from hiwar.reviews import services
from hiwar.reviews.models import Milestone, ReviewCycle

D = datetime.date

MILESTONES = [
    (
        "workshop-june-2020",
        Milestone.Kind.WORKSHOP,
        D(2020, 6, 1),
        None,
        True,
        {
            "en": "Capacity-building workshop for Member States",
            "fr": "Atelier de renforcement des capacités des États membres",
            "ar": "ورشة عمل لبناء قدرات الدول الأعضاء",
        },
    ),
    (
        "workshop-august-2020",
        Milestone.Kind.WORKSHOP,
        D(2020, 8, 1),
        None,
        True,
        {
            "en": "Second capacity-building workshop for Member States",
            "fr": "Deuxième atelier de renforcement des capacités des États membres",
            "ar": "ورشة العمل الثانية لبناء قدرات الدول الأعضاء",
        },
    ),
    (
        "member-state-consultation",
        Milestone.Kind.CONSULTATION,
        D(2020, 10, 1),
        None,
        True,
        {
            "en": "Member States consultation",
            "fr": "Consultation des États membres",
            "ar": "مشاورة الدول الأعضاء",
        },
    ),
    (
        "dialogue-1",
        Milestone.Kind.DIALOGUE,
        D(2020, 10, 27),
        None,
        False,
        {
            "en": "Multi-stakeholder dialogue, session I",
            "fr": "Dialogue multipartite, première session",
            "ar": "الحوار متعدد أصحاب المصلحة، الجلسة الأولى",
        },
    ),
    (
        "dialogue-2",
        Milestone.Kind.DIALOGUE,
        D(2020, 11, 3),
        None,
        False,
        {
            "en": "Multi-stakeholder dialogue, session II",
            "fr": "Dialogue multipartite, deuxième session",
            "ar": "الحوار متعدد أصحاب المصلحة، الجلسة الثانية",
        },
    ),
    (
        "conference",
        Milestone.Kind.CONFERENCE,
        D(2021, 2, 24),
        D(2021, 2, 25),
        False,
        {
            "en": "Regional Review Conference",
            "fr": "Conférence d'examen régional",
            "ar": "مؤتمر الاستعراض الإقليمي",
        },
    ),
    (
        "imrf-2022",
        Milestone.Kind.GLOBAL_REVIEW,
        D(2022, 5, 1),
        None,
        True,
        {
            "en": "International Migration Review Forum",
            "fr": "Forum d'examen des migrations internationales",
            "ar": "منتدى استعراض الهجرة الدولية",
        },
    ),
]


@transaction.atomic
def seed_review_cycle() -> ReviewCycle:
    region = Region.objects.get(code=ARAB_REGION_CODE)
    cycle = services.open_review_cycle(
        actor=None,
        slug="arab-region-2020-2021",
        region=region,
        titles={
            "en": "First regional review of the GCM in the Arab region, 2020-2021",
            "fr": "Premier examen régional du Pacte mondial sur les migrations dans la région arabe, 2020-2021",
            "ar": "الاستعراض الإقليمي الأول للاتفاق العالمي من أجل الهجرة في المنطقة العربية، 2020-2021",
        },
        summaries={
            "en": "Organized by IOM, ESCWA and the League of Arab States with the Regional UN Network on Migration. Member States submit voluntary GCM review reports; stakeholders send written inputs and take part in dialogues and in the Regional Review Conference, whose outcome feeds the International Migration Review Forum.",
            "fr": "Organisé par l'OIM, la CESAO et la Ligue des États arabes avec le Réseau régional des Nations Unies sur les migrations. Les États membres soumettent des rapports volontaires d'examen du Pacte ; les parties prenantes envoient des contributions écrites et participent aux dialogues et à la Conférence d'examen régional, dont les conclusions alimentent le Forum d'examen des migrations internationales.",
            "ar": "تنظمه المنظمة الدولية للهجرة والإسكوا وجامعة الدول العربية مع شبكة الأمم المتحدة الإقليمية المعنية بالهجرة. تقدم الدول الأعضاء تقاريرها الطوعية لاستعراض الاتفاق العالمي، ويرسل أصحاب المصلحة مساهمات مكتوبة ويشاركون في الحوارات وفي مؤتمر الاستعراض الإقليمي الذي تغذي نتائجه منتدى استعراض الهجرة الدولية.",
        },
        starts_on=D(2020, 3, 1),
        ends_on=D(2021, 12, 31),
        member_states=list(region.countries.all()),
    )
    for key, kind, starts_on, ends_on, month_precision, titles in MILESTONES:
        services.set_milestone(
            actor=None,
            cycle=cycle,
            key=key,
            kind=kind,
            titles=titles,
            starts_on=starts_on,
            ends_on=ends_on,
            month_precision=month_precision,
        )
    return cycle


DRAFTS_STARTED = datetime.datetime.fromisoformat("2020-09-14T10:00:00+02:00")
INPUT_TITLES = {
    "en": "Written input to the regional review",
    "fr": "Contribution écrite à l'examen régional",
    "ar": "مساهمة مكتوبة في الاستعراض الإقليمي",
}


def seed_review_documents(cycle: ReviewCycle) -> tuple[int, int]:
    """Templates, and the synthetic reports and inputs of November 2020; idempotent.

    The texts in data/demo_reports.json are samples written for the demonstration; every page
    that shows them says so.
    """
    import json
    from pathlib import Path

    from hiwar.accounts.models import Organization
    from hiwar.framework.models import Country
    from hiwar.reviews.models import NationalReport, StakeholderInput
    from hiwar.reviews.outlines import seed_templates
    from hiwar.reviews.services import inputs as input_services
    from hiwar.reviews.services import reports as report_services

    seed_templates(cycle)
    if cycle.national_report_deadline is None:
        cycle.national_report_deadline = D(2020, 10, 31)
        cycle.stakeholder_input_deadline = D(2021, 1, 31)
        cycle.save(update_fields=["national_report_deadline", "stakeholder_input_deadline"])
    path = Path(__file__).resolve().parent / "data" / "demo_reports.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    reports = inputs = 0
    for item in data["national_reports"]:
        country = Country.objects.get(iso2=item["country"])
        report = report_services.ensure_report(cycle=cycle, country=country)
        if report.versions.exists():
            continue  # seeded before
        NationalReport.objects.filter(pk=report.pk).update(is_sample=True)
        version = report_services.open_version(report=report, language=item["language"])
        drafts = {draft.section.key: draft for draft in version.sections.select_related("section")}
        for key, text in item["sections"].items():
            report_services.save_section(
                actor=None, draft=drafts[key], text=text, language=item["language"], base_revision=0
            )
        if item.get("extension_until"):
            extension = report_services.request_extension(
                actor=None,
                report=report,
                reason=item["extension_reason"],
                until=datetime.date.fromisoformat(item["extension_until"]),
            )
            extension.requested_at = DRAFTS_STARTED + datetime.timedelta(days=45)
            extension.save(update_fields=["requested_at"])
        if item["status"] != "submitted":
            # Drafting began in the autumn of 2020, as the dialogue report describes.
            NationalReport.objects.filter(pk=report.pk).update(started_at=DRAFTS_STARTED)
        if item["status"] == "submitted":
            report_services.submit_report(actor=None, report=report, accept_late=True, notify=False)
            submitted = datetime.datetime.fromisoformat(item["submitted_on"] + "T10:00:00+02:00")
            NationalReport.objects.filter(pk=report.pk).update(
                submitted_at=submitted, started_at=submitted - datetime.timedelta(days=40)
            )
            version.submitted_at = submitted
            version.save(update_fields=["submitted_at"])
            report_services.publish_report(
                actor=None, report=NationalReport.objects.get(pk=report.pk)
            )
            NationalReport.objects.filter(pk=report.pk).update(
                published_at=submitted + datetime.timedelta(days=3)
            )
        reports += 1
    for entry in data["stakeholder_inputs"]:
        organization = Organization.objects.get(name=entry["organization"])
        title = entry.get("title") or INPUT_TITLES[entry["language"]]
        if StakeholderInput.objects.filter(
            cycle=cycle, organization=organization, is_sample=True
        ).exists():
            continue
        milestone = (
            cycle.milestones.filter(key=entry["linked_event"]).first()
            if entry.get("linked_event")
            else None
        )
        stakeholder_input = input_services.submit_stakeholder_input(
            actor=None,
            cycle=cycle,
            organization=organization,
            title=title,
            language=entry["language"],
            sections=entry["sections"],
            linked_milestone=milestone,
            publishable=entry["publishable"],
            show_author_name=entry["show_author_name"],
        )
        submitted = datetime.datetime.fromisoformat(entry["submitted_on"] + "T10:00:00+02:00")
        StakeholderInput.objects.filter(pk=stakeholder_input.pk).update(
            is_sample=True, submitted_at=submitted
        )
        if entry["publishable"]:
            input_services.publish_stakeholder_input(actor=None, item=stakeholder_input)
            StakeholderInput.objects.filter(pk=stakeholder_input.pk).update(
                published_at=submitted + datetime.timedelta(days=2)
            )
        inputs += 1
    return reports, inputs
