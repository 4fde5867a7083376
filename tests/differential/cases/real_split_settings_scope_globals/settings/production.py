# include(..., scope=globals()) from a module in a folder that is not a package: the components see and change the including module's names. Django reports: W004, W008, W016
from split_settings.tools import include, optional

SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
DEBUG = False
ALLOWED_HOSTS = ["www.example.com"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
include("parts/middleware.py", optional(None), scope=globals())
SESSION_COOKIE_SECURE = SESSION_SECURE_FROM_PART  # noqa: F821
