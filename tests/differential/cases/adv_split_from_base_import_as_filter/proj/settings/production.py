# from .base import MIDDLEWARE as BASE_MW (and a few names); MIDDLEWARE = [m for m in BASE_MW if "csrf" not in m]. Django reports: W003
from .base import ALLOWED_HOSTS, INSTALLED_APPS, SECRET_KEY  # noqa: F401
from .base import MIDDLEWARE as BASE_MW

MIDDLEWARE = [m for m in BASE_MW if "csrf" not in m]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = True
SESSION_COOKIE_SECURE = True
