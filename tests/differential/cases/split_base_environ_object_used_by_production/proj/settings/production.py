# Base creates a django-environ `env` with schema DJANGO_DEBUG=(bool, True); production reads env("DJANGO_DEBUG") (schema default) and env.int HSTS default 0. Django reports: W004, W018
from .base import *  # noqa: F401,F403

DEBUG = env("DJANGO_DEBUG")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
