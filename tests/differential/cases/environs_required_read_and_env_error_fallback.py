# environs: env("DJANGO_SECRET_KEY") is required (set for the oracle); env.int("DJANGO_HSTS_SECONDS") unset raises EnvNotSetError, caught by except environs.EnvError: SECURE_HSTS_SECONDS = 0. Django reports: W004
# oracle-env: DJANGO_SECRET_KEY=r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y
import environs

env = environs.Env()
SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["www.example.com"])
try:
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS")
except environs.EnvError:
    SECURE_HSTS_SECONDS = 0
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
