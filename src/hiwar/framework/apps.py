from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworkConfig(AppConfig):
    name = "hiwar.framework"
    verbose_name = _("GCM framework")
