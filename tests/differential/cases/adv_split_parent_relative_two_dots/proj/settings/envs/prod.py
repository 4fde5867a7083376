# settings/envs/prod.py does `from ..base import *` and turns SSL redirect off. Django reports: W008
from ..base import *  # noqa: F401,F403

SECURE_SSL_REDIRECT = False
