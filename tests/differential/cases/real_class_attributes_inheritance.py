# Settings read from plain classes: inherited attributes, a subclass override, a property, a classmethod and a staticmethod, and an instance attribute set in __init__. Django reports: W004, W016, W018
SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
ALLOWED_HOSTS = ["www.example.com"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


class Base(object):
    debug = False
    secure = False

    def __init__(self, redirect):
        self.redirect = redirect

    @property
    def cookie_secure(self):
        return not self.secure

    @classmethod
    def debugging(cls):
        return cls.debug

    @staticmethod
    def double(n):
        return n * 2


class Production(Base):
    debug = True
    secure = False


conf = Production(redirect=True)
DEBUG = conf.debugging()
SECURE_SSL_REDIRECT = conf.redirect
SESSION_COOKIE_SECURE = conf.cookie_secure
SESSION_COOKIE_AGE = Production.double(30)
if SESSION_COOKIE_AGE != 60 or Base.debugging():
    raise ValueError("class model")
