# base -> common (insert whitenoise after Security, add admin) -> production (remove XFrameOptionsMiddleware). Django reports: admin.E403, W002
from .common import *  # noqa: F401,F403

MIDDLEWARE.remove("django.middleware.clickjacking.XFrameOptionsMiddleware")
