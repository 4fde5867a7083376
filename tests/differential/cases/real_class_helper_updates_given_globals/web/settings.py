# A class in another module keeps the globals() it was given and writes into them from a method: the names it sets exist afterwards. Django reports: W004, W008, W016
from .registry import Registry

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
COUNT = Registry(table=globals()).publish(SESSION_COOKIE_SECURE=True)
STATIC_ROOT = MEDIA_ROOT + "/static"  # noqa: F821
