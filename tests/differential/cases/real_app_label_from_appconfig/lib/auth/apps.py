from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibAuthConfig(AppConfig):
    name = "lib.auth"
    label = "lib_auth"
    verbose_name = _("Accounts")
