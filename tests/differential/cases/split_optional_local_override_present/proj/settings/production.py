# Production ends with `try: from .local import * except ImportError: pass` and local.py exists (DEBUG True, no hosts). Django reports: W018, W020
from .base import *  # noqa: F401,F403

try:
    from .local import *  # noqa: F401,F403
except ImportError:
    pass
