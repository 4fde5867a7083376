# Helper functions write settings through globals() (subscript, update, and a globals() handed on to another helper): the names they set exist. Django reports: W004, W008, W016
def _set(name, value, namespace):
    namespace[name] = value


def set_option(name, value):
    _set(name, value, globals())


def set_many(**values):
    globals().update(values)


def set_bool(name, value):
    g = globals()
    g[name] = bool(value)


set_option("RELEASE_ENV", "prod")
set_many(SECRET_KEY="r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y", ALLOWED_HOSTS=["www.example.com"])
set_bool("SESSION_COOKIE_SECURE", 1)
if RELEASE_ENV == "prod":  # noqa: F821
    DEBUG = False
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
