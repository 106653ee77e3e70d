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
