# vars().update(dj_email_url.parse(...)) and globals().update(dj_email_url.config()) set the EMAIL_* names the URL describes and nothing else, so the security settings stay decided. Django reports: W004, W008, W012, W016
import dj_email_url

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
vars().update(dj_email_url.parse("smtp://mailer@mail.example.com:587/?_server_email=ops@example.com"))
globals().update(dj_email_url.config())
if EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend" or not SERVER_EMAIL:  # noqa: F821
    raise ValueError("email url")
