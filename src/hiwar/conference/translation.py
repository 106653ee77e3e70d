from modeltranslation.translator import TranslationOptions, register

from hiwar.conference.models import Conference, Item, Person, Role


@register(Conference)
class ConferenceTranslation(TranslationOptions):
    fields = ("title", "venue")


@register(Item)
class ItemTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Person)
class PersonTranslation(TranslationOptions):
    # A proper name is usually written once; the programme falls back to another language's
    # spelling (see selectors.programme_data). Placeholders ("Member State A") are translated.
    fields = ("name", "function")


@register(Role)
class RoleTranslation(TranslationOptions):
    fields = ("note",)
