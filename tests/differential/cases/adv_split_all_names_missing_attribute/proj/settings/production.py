# base __all__ lists a name it never defines: `from .base import *` raises AttributeError. Django reports: crash AttributeError
from .base import *  # noqa: F401,F403
