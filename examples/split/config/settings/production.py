"""Production settings: what `check --deploy` judges."""
from .base import *  # noqa: F401,F403

MIDDLEWARE.append("django.middleware.clickjacking.XFrameOptionsMiddleware")

SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 3600
