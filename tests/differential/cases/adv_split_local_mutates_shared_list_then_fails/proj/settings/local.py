from .base import *  # noqa: F401,F403

MIDDLEWARE.remove("django.middleware.security.SecurityMiddleware")
import debug_toolbar_is_not_installed  # noqa: E402,F401
