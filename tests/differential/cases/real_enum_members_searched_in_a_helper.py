# A helper searches an Enum's members in a loop and raises when none matches: iterating an Enum class works (its metaclass), so there is no TypeError and no certain raise. Django reports: W004, W008, W012, W016
from enum import Enum


class LogFormat(Enum):
    DEV = "dev"
    JSON = "json"


def pick(cls, value):
    for member in cls:
        if member.value == value:
            return member
    raise ValueError(value)


LOG_FORMAT = pick(LogFormat, "dev")
SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
DEBUG = False
ALLOWED_HOSTS = ["www.example.com"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
