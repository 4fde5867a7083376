# A lookup with no fallback in a ConfigParser that read no file raises NoSectionError: Django cannot import the settings. Django reports: crash NoSectionError
from configparser import ConfigParser

SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
ALLOWED_HOSTS = ["www.example.com"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
config = ConfigParser()
config.read("/nonexistent/site.cfg")
DEBUG = config.getboolean("django", "debug")
