from .base import *  # noqa: F401,F403

DEBUG = False
SECURE_HSTS_SECONDS = 3600
MIDDLEWARE += ["myproject.middleware.TimingMiddleware"]
