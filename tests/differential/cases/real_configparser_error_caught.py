# A lookup with no fallback in an empty ConfigParser raises NoSectionError, which `except configparser.Error` catches. Django reports: W004, W008, W016
import configparser

SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
ALLOWED_HOSTS = ["www.example.com"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
parser = configparser.ConfigParser()
parser.read("/nonexistent/site.cfg")
try:
    DEBUG = parser.getboolean("django", "debug")
except configparser.NoOptionError:
    DEBUG = True
except configparser.Error:
    DEBUG = False
    SESSION_COOKIE_SECURE = True
