# A plugin loop under a condition the evaluator cannot decide (a folder on disk) appends to INSTALLED_APPS and MIDDLEWARE: what they held stays certain, so W012 (sessions installed) is still decided. Django reports: W004, W008, W012, W016
import os

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
PLUGINS = "/nonexistent/plugins"
if os.path.isdir(PLUGINS):
    for name in sorted(os.listdir(PLUGINS)):
        INSTALLED_APPS.append(name)
        MIDDLEWARE.insert(0, name + ".middleware.PluginMiddleware")
