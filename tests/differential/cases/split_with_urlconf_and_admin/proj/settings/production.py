# Production adds django.contrib.admin (and no TEMPLATES, so admin.E403) with ROOT_URLCONF pointing at a real urls.py. Django reports: admin.E403, W005
from .base import *  # noqa: F401,F403

INSTALLED_APPS = INSTALLED_APPS + ["django.contrib.admin"]
