# base defines env_bool(); production calls env_bool("DJANGO_SESSION_COOKIE_SECURE", "true"). Django reports: nothing
from .base import *  # noqa: F401,F403

SESSION_COOKIE_SECURE = env_bool("DJANGO_SESSION_COOKIE_SECURE", "true")
