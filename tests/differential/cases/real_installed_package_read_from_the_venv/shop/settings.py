# A package installed in the project's virtualenv (.venv/lib/python3.X/site-packages) is read like the project's modules: its star-imported defaults set SESSION_COOKIE_SECURE and SECURE_HSTS_SECONDS; a guarded import of it succeeds, one of a package the venv lacks fails. Django reports: W005, W008, W016, W021
from shoplib.defaults import *  # noqa: F403

try:
    import shoplib
except ImportError:
    shoplib = None
try:
    import notinstalled  # noqa: F401
    DEBUG = True
except ImportError:
    DEBUG = False

SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
ALLOWED_HOSTS = ["www.example.com"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", *SHOP_APPS]  # noqa: F405
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
if shoplib is None or shoplib.VERSION != (1, 0):
    raise ValueError("the installed package")
