# optional local.py removes SecurityMiddleware from base's list, then fails to import: the mutation stays. Django reports: W001
from .base import *  # noqa: F401,F403

try:
    from .local import *  # noqa: F401,F403
except ImportError:
    pass
