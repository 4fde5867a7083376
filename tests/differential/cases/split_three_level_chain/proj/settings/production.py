# base -> common -> production chain of star imports; HSTS set without flags, weak key and fallback. Django reports: W005, W009, W012, W016, W021, W025
from .common import *  # noqa: F401,F403

SECURE_SSL_REDIRECT = True
SECRET_KEY_FALLBACKS = ["old-weak-key"]
