# CSRF_TRUSTED_ORIGINS entries without a scheme: one 4_0.E001 per entry, a scheme in any case passes, a wildcard host passes. Django reports: W004, W008, W012, W016, 4_0.E001, 4_0.E001
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
CSRF_TRUSTED_ORIGINS = ["www.example.com", "HTTPS://admin.example.com", "https://*.example.com", "c:/x"]
