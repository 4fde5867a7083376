# The entry is the settings package __init__.py (DJANGO_SETTINGS_MODULE=proj.settings), star-importing base. Django reports: W015, W016
from .base import *  # noqa: F401,F403

SESSION_COOKIE_HTTPONLY = False
