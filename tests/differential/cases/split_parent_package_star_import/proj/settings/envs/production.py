# `from .. import *` from proj/settings/envs/production.py; extends hosts, disables nosniff. Django reports: W006
from .. import *  # noqa: F401,F403

ALLOWED_HOSTS += ["www.example.com"]
SECURE_CONTENT_TYPE_NOSNIFF = False
