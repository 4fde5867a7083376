# Base sets DEBUG = True and a weak env-default key; production only turns DEBUG off, sets hosts and SSL redirect. Django reports: W004, W009, W012, W016
from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["www.example.com"]
SECURE_SSL_REDIRECT = True
