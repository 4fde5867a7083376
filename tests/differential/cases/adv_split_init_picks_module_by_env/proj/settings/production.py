from .base import *  # noqa: F401,F403

SECURE_SSL_REDIRECT = False
