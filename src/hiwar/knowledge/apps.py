from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "hiwar.knowledge"
    verbose_name = _("Knowledge hub")
    default_auto_field = "django.db.models.BigAutoField"
