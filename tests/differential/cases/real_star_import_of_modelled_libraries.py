# Star imports of os, python-decouple and django-environ bind exactly what those modules export (no setting among them), so later assignments and their reads decide. Django reports: W004, W008, W016, W018
from os import *  # noqa: F403
from decouple import *  # noqa: F403
from environ import *  # noqa: F403

env = Env()  # noqa: F405
SECRET_KEY = config("DJANGO_SECRET_KEY", default="r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y")  # noqa: F405
DEBUG = True
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["www.example.com"])
BASE = path.dirname(path.abspath(__file__))  # noqa: F405
SESSION_COOKIE_SECURE = getenv("DJANGO_SESSION_COOKIE_SECURE", "yes") == "yes"  # noqa: F405
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
