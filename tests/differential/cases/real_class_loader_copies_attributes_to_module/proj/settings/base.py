from proj.loader import Settings


class BaseSettings(Settings):
    SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
    DEBUG = True
    ALLOWED_HOSTS = ["www.example.com"]
    INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
    secure = False

    @property
    def MIDDLEWARE(self):
        return [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ]

    @property
    def SESSION_COOKIE_SECURE(self):
        return self.secure
