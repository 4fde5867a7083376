# Annotated *args and **kwargs are optional; *args collects the remaining positional arguments, **kwargs the unmatched keywords, parameters after * are keyword-only. Django reports: W004, W008, W012, W016, W018
SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
ALLOWED_HOSTS = ["www.example.com"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def pick(value, *rest: str, flag=False, **options: bool):
    if rest or options or flag:
        return len(rest) + len(options)
    return value


def only_keyword(a, *, b=True):
    return b


def last(*values, **named):
    return values[-1] if not named else named["x"]


DEBUG = pick(True) and only_keyword(1) and last(0, True) and last(x=True)
SESSION_COOKIE_AGE = pick(1, "a", "b", z=True)
if SESSION_COOKIE_AGE != 3:
    raise ValueError("binding")
