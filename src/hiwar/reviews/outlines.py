"""The default guiding templates ("indicative outlines") of a review cycle, written for Hiwar in
our own words, in three languages. A new cycle starts with them; the secretariat edits them."""

from hiwar.framework.models import Cluster
from hiwar.reviews.models import ReportTemplate, ReviewCycle, TemplateSection

Texts = dict[str, str]

MEMBER_STATE: list[tuple[str, str | None, Texts, Texts, Texts]] = [
    ("preparation", None,
     {"en": "Preparation of the review", "fr": "Préparation de l'examen", "ar": "إعداد الاستعراض"},
     {"en": "Describe who prepared the review and how: the lead institution, the ministries and agencies involved (whole-of-government), and how migrants, civil society, trade unions, employers, local authorities and other stakeholders took part (whole-of-society).",
      "fr": "Décrivez qui a préparé l'examen et comment : l'institution chef de file, les ministères et organismes associés (approche pangouvernementale), et la participation des migrants, de la société civile, des syndicats, des employeurs, des autorités locales et des autres parties prenantes (approche pansociétale).",
      "ar": "صِف الجهة التي أعدّت الاستعراض وطريقة إعداده: المؤسسة الرائدة، والوزارات والهيئات المشاركة (نهج الحكومة بأسرها)، وكيفية مشاركة المهاجرين والمجتمع المدني والنقابات وأصحاب العمل والسلطات المحلية وسائر أصحاب المصلحة (نهج المجتمع بأسره)."},
     {"en": "Which institutions coordinated the review?\nWhich stakeholders were consulted, and how?",
      "fr": "Quelles institutions ont coordonné l'examen ?\nQuelles parties prenantes ont été consultées, et comment ?",
      "ar": "ما المؤسسات التي نسّقت الاستعراض؟\nمن هم أصحاب المصلحة الذين استُشيروا، وكيف؟"}),
    ("policy_environment", None,
     {"en": "Policy and enabling environment", "fr": "Politiques et environnement favorable", "ar": "السياسات والبيئة التمكينية"},
     {"en": "Present the laws, strategies, institutions and coordination mechanisms that govern migration, and changes since the Compact was adopted, including measures taken during the COVID-19 pandemic.",
      "fr": "Présentez les lois, stratégies, institutions et mécanismes de coordination qui encadrent les migrations, et leur évolution depuis l'adoption du Pacte, y compris les mesures prises pendant la pandémie de COVID-19.",
      "ar": "اعرض القوانين والاستراتيجيات والمؤسسات وآليات التنسيق التي تنظم الهجرة، وما طرأ عليها منذ اعتماد الاتفاق العالمي، بما في ذلك التدابير المتخذة خلال جائحة كوفيد-19."},
     {"en": "Is there a national migration strategy or action plan?", "fr": "Existe-t-il une stratégie ou un plan d'action national sur les migrations ?", "ar": "هل توجد استراتيجية وطنية أو خطة عمل وطنية للهجرة؟"}),
    *[
        (f"progress_rt{n}", f"RT{n}",
         {"en": f"Progress on the objectives of round table {n}", "fr": f"Progrès sur les objectifs de la table ronde {n}", "ar": f"التقدم المحرز في أهداف المائدة المستديرة {n}"},
         {"en": "For each objective of this round table that matters in your country, report progress, challenges and promising practices, with data where you have it. You need not cover every objective.",
          "fr": "Pour chaque objectif de cette table ronde pertinent dans votre pays, indiquez les progrès, les difficultés et les pratiques prometteuses, avec des données lorsque vous en disposez. Il n'est pas nécessaire de couvrir tous les objectifs.",
          "ar": "لكل هدف من أهداف هذه المائدة المستديرة يهمّ بلدكم، اذكروا التقدم المحرز والتحديات والممارسات الواعدة، مع البيانات المتاحة. ليس من الضروري تناول جميع الأهداف."},
         {"en": "What changed since 2018?\nWhat stands in the way?\nWhich practice could others learn from?",
          "fr": "Qu'est-ce qui a changé depuis 2018 ?\nQu'est-ce qui fait obstacle ?\nQuelle pratique pourrait inspirer d'autres pays ?",
          "ar": "ما الذي تغيّر منذ عام 2018؟\nما العقبات القائمة؟\nما الممارسة التي يمكن أن يستفيد منها الآخرون؟"})
        for n in (1, 2, 3, 4)
    ],
    ("means_of_implementation", None,
     {"en": "Means of implementation", "fr": "Moyens de mise en œuvre", "ar": "وسائل التنفيذ"},
     {"en": "Describe funding, capacity building, data systems and partnerships (with the UN Network on Migration, other States and stakeholders) that support implementation, and what is missing.",
      "fr": "Décrivez le financement, le renforcement des capacités, les systèmes de données et les partenariats (avec le Réseau des Nations Unies sur les migrations, d'autres États et les parties prenantes) qui soutiennent la mise en œuvre, et ce qui manque.",
      "ar": "صِفوا التمويل وبناء القدرات ونظم البيانات والشراكات (مع شبكة الأمم المتحدة المعنية بالهجرة والدول الأخرى وأصحاب المصلحة) التي تدعم التنفيذ، وما ينقصها."},
     {"en": "", "fr": "", "ar": ""}),
    ("next_steps", None,
     {"en": "Next steps and priorities", "fr": "Prochaines étapes et priorités", "ar": "الخطوات التالية والأولويات"},
     {"en": "State the priorities for the coming years and the support you would seek.",
      "fr": "Indiquez les priorités pour les années à venir et l'appui que vous souhaiteriez obtenir.",
      "ar": "حدّدوا أولويات السنوات المقبلة والدعم الذي تحتاجون إليه."},
     {"en": "", "fr": "", "ar": ""}),
]  # fmt: skip

STAKEHOLDER: list[tuple[str, Texts, Texts]] = [
    ("about", {"en": "Who you are", "fr": "Qui vous êtes", "ar": "من أنتم"},
     {"en": "Your organization, whom it represents or serves, and where it works.", "fr": "Votre organisation, qui elle représente ou sert, et où elle travaille.", "ar": "منظمتكم، ومن تمثّل أو تخدم، وأين تعمل."}),
    ("engagement", {"en": "Your engagement in implementing and reviewing the Compact", "fr": "Votre engagement dans la mise en œuvre et l'examen du Pacte", "ar": "مشاركتكم في تنفيذ الاتفاق العالمي واستعراضه"},
     {"en": "How you took part in national consultations, action plans or the review, or why you could not.", "fr": "Comment vous avez participé aux consultations nationales, aux plans d'action ou à l'examen, ou pourquoi vous n'avez pas pu.", "ar": "كيف شاركتم في المشاورات الوطنية أو خطط العمل أو الاستعراض، أو لماذا تعذّرت مشاركتكم."}),
    ("challenges", {"en": "Challenges", "fr": "Difficultés", "ar": "التحديات"},
     {"en": "The main obstacles migrants and your organization face, and gaps in implementation.", "fr": "Les principaux obstacles rencontrés par les migrants et votre organisation, et les lacunes de la mise en œuvre.", "ar": "أهم العقبات التي يواجهها المهاجرون ومنظمتكم، والثغرات في التنفيذ."}),
    ("good_practices", {"en": "Good practices", "fr": "Bonnes pratiques", "ar": "الممارسات الجيدة"},
     {"en": "Initiatives that worked and could be shared.", "fr": "Des initiatives qui ont fonctionné et pourraient être partagées.", "ar": "مبادرات نجحت ويمكن تبادلها."}),
    ("recommendations", {"en": "Recommendations", "fr": "Recommandations", "ar": "التوصيات"},
     {"en": "What governments, the UN and other stakeholders should do next.", "fr": "Ce que les gouvernements, l'ONU et les autres parties prenantes devraient faire ensuite.", "ar": "ما ينبغي للحكومات والأمم المتحدة وسائر أصحاب المصلحة القيام به لاحقًا."}),
]  # fmt: skip


def _set(obj: object, field: str, texts: Texts) -> None:
    for language, text in texts.items():
        setattr(obj, f"{field}_{language}", text)


def seed_templates(cycle: ReviewCycle) -> None:
    """Create or refresh the two templates; idempotent."""
    member_state, _created = ReportTemplate.objects.get_or_create(
        cycle=cycle, kind=ReportTemplate.Kind.MEMBER_STATE
    )
    _set(member_state, "title", {"en": "Guiding template for Member States", "fr": "Modèle indicatif pour les États membres", "ar": "النموذج الإرشادي للدول الأعضاء"})  # fmt: skip
    member_state.save()
    clusters = {cluster.code: cluster for cluster in Cluster.objects.prefetch_related("objectives")}
    for position, (key, cluster_code, title, guidance, questions) in enumerate(MEMBER_STATE, 1):
        section, _created = TemplateSection.objects.get_or_create(
            template=member_state, key=key, defaults={"position": position}
        )
        section.position = position
        section.cluster = clusters.get(cluster_code) if cluster_code else None
        _set(section, "title", title)
        _set(section, "guidance", guidance)
        _set(section, "guiding_questions", questions)
        section.save()
        if section.cluster is not None:
            section.objectives.set(section.cluster.objectives.all())
    stakeholder, _created = ReportTemplate.objects.get_or_create(
        cycle=cycle, kind=ReportTemplate.Kind.STAKEHOLDER
    )
    _set(stakeholder, "title", {"en": "Outline for stakeholder inputs", "fr": "Canevas pour les contributions des parties prenantes", "ar": "مخطط مساهمات أصحاب المصلحة"})  # fmt: skip
    stakeholder.save()
    for position, (key, title, guidance) in enumerate(STAKEHOLDER, 1):
        section, _created = TemplateSection.objects.get_or_create(
            template=stakeholder, key=key, defaults={"position": position}
        )
        section.position = position
        _set(section, "title", title)
        _set(section, "guidance", guidance)
        section.save()
