# base MIDDLEWARE is a tuple; production does MIDDLEWARE += ("x",) and removes nothing; SSL off in base. Django reports: W008
from .base import *  # noqa: F401,F403

MIDDLEWARE += ("whitenoise.middleware.WhiteNoiseMiddleware",)
