# Underscore-private names in base are not exported by `*`; production falls back on NameError. Django reports: W008
from .base import *  # noqa: F401,F403

# _FORCE_SSL is private to base: `import *` does not export it.
try:
    SECURE_SSL_REDIRECT = _FORCE_SSL  # noqa: F405
except NameError:
    SECURE_SSL_REDIRECT = False

_DEFAULT_HOSTS = []  # does not affect the ALLOWED_HOSTS list taken from base
