# Base defines helper env_bool(); production (which imports nothing else) uses it through `*`. Django reports: W012, W018
from .base import *  # noqa: F401,F403

DEBUG = env_bool("DJANGO_DEBUG", True)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE")
