# Production inserts SecurityMiddleware into and removes XFrameOptionsMiddleware from the base list. Django reports: W002
from .base import *  # noqa: F401,F403

MIDDLEWARE.insert(0, "django.middleware.security.SecurityMiddleware")
MIDDLEWARE.remove("django.middleware.clickjacking.XFrameOptionsMiddleware")
