# optional local.py sets DEBUG = True then imports a missing package: the ImportError is caught, nothing is imported. Django reports: nothing
from .base import *  # noqa: F401,F403

try:
    from .local import *  # noqa: F401,F403
except ImportError:
    pass
