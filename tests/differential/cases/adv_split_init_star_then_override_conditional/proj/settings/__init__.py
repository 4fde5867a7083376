# settings/__init__.py star-imports base, then `if os.environ.get("PROD", "1")`: DEBUG = False else True; base DEBUG True. Django reports: nothing
from .base import *  # noqa: F401,F403

import os  # noqa: E402

if os.environ.get("DJANGO_PROD", "1"):
    DEBUG = False
else:
    DEBUG = True
