# base computes __all__ = [n for n in list(globals()) if n.isupper() and n != "DEBUG"]; base DEBUG True. Django reports: nothing
from .base import *  # noqa: F401,F403
