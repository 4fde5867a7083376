from .base import *  # noqa: F401,F403

LOGGING = {"version": 1, "disable_existing_loggers": False}
