# Base MIDDLEWARE is a tuple; production prepends SecurityMiddleware with tuple + and appends XFO with a bare trailing-comma tuple. Django reports: nothing
from .base import *  # noqa: F401,F403

MIDDLEWARE = ("django.middleware.security.SecurityMiddleware",) + MIDDLEWARE
MIDDLEWARE += "django.middleware.clickjacking.XFrameOptionsMiddleware",
