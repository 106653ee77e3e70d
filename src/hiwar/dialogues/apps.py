from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    name = "hiwar.dialogues"
    verbose_name = _("Multi-stakeholder dialogues")
    default_auto_field = "django.db.models.BigAutoField"
