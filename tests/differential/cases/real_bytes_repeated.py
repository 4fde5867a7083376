# bytes * int and True * bytes repeat the bytes, as str does. Django reports: W004, W008, W012, W016
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
PADDING = b"\x00" * 14
ONE = True * b"ab"
if len(PADDING) != 14 or ONE != b"ab":
    raise ValueError("bytes repeat")
