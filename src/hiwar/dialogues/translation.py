from modeltranslation.translator import TranslationOptions, register

from hiwar.dialogues.models import (
    AgendaItem,
    AgendaRole,
    Consultation,
    Dialogue,
    GuidingQuestion,
)


@register(Dialogue)
class DialogueTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")


@register(AgendaRole)
class AgendaRoleTranslation(TranslationOptions):
    fields = ("function",)


@register(GuidingQuestion)
class GuidingQuestionTranslation(TranslationOptions):
    fields = ("text",)


@register(Consultation)
class ConsultationTranslation(TranslationOptions):
    fields = ("title", "description", "questions")
