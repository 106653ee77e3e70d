from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    name = "hiwar.conference"
    verbose_name = _("Regional review conference")
    default_auto_field = "django.db.models.BigAutoField"
