from .base import *  # noqa: F401,F403

MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware")
INSTALLED_APPS += ["django.contrib.admin"]
