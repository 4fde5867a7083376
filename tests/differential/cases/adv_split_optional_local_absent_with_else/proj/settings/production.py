# try: from .local import * except ImportError: DEBUG = False else: DEBUG stays; local.py is absent; base DEBUG True. Django reports: nothing
from .base import *  # noqa: F401,F403

try:
    from .local import *  # noqa: F401,F403
except ImportError:
    DEBUG = False
