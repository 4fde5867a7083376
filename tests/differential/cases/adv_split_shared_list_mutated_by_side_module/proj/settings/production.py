# a side module imported for its effect does `from .base import MIDDLEWARE; MIDDLEWARE.remove(Csrf)`: the same list. Django reports: W003
from .base import *  # noqa: F401,F403
from . import plugins  # noqa: F401
