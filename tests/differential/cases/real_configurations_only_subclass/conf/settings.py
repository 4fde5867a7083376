# django-configurations: the module's only Configuration subclass is the configuration; values.Value with environ_name reads that variable at once (unset: the default), IntegerValue reads DJANGO_SECURE_HSTS_SECONDS. Django reports: W008, W012, W016, W021
# oracle-env: DJANGO_CONFIGURATION=Production
from configurations import Configuration, values


class Production(Configuration):
    DEBUG = False
    SECRET_KEY = values.Value("r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y", environ_name="SECRET")
    ALLOWED_HOSTS = values.ListValue(["www.example.com"])
    INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
    SECURE_HSTS_SECONDS = values.IntegerValue(3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = values.BooleanValue(True, environ_prefix="SITE")
