# The standard library's ConfigParser reads a file that does not exist (skipped): every lookup takes its fallback, has_section is False. Django reports: W004, W008, W012, W016, W018
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
found = config.read(["/nonexistent/site.cfg", "/nonexistent/other.cfg"])
DEBUG = config.getboolean("django", "debug", fallback=True)
SESSION_COOKIE_SECURE = config.has_section("django") or bool(found)
SESSION_COOKIE_AGE = config.getint("django", "age", fallback=60)
