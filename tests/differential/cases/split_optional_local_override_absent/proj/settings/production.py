# Same optional `from .local import *` but local.py does not exist. Django reports: nothing
from .base import *  # noqa: F401,F403

try:
    from .local import *  # noqa: F401,F403
except ImportError:
    pass
