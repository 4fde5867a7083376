# Production uses `os` that it only gets from base through `*`; the env default key is weak. Django reports: W009
from .base import *  # noqa: F401,F403

# `os` comes from base through the star import.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "change-me")
