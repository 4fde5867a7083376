# django-configurations: manage.py sets DJANGO_CONFIGURATION to Prod; Prod inherits from Common and overrides DEBUG, values.BooleanValue reads DJANGO_SESSION_COOKIE_SECURE (unset: its default), an upper-case method and a property are settings too. Django reports: W004, W008, W016, W018
# oracle-env: DJANGO_CONFIGURATION=Prod
from configurations import Configuration, values


class Common(Configuration):
    DEBUG = False
    SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
    ALLOWED_HOSTS = ["www.example.com"]
    INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ]
    SESSION_COOKIE_SECURE = values.BooleanValue(True)


class Dev(Common):
    SECURE_SSL_REDIRECT = True


class Prod(Common):
    DEBUG = True

    def X_FRAME_OPTIONS(self):
        return "DENY"

    @property
    def SECURE_CONTENT_TYPE_NOSNIFF(self):
        return bool(self.ALLOWED_HOSTS)
