# Entry is the development module local.py (base values unchanged). Django reports: W004, W008, W009, W012, W016, W018
from .base import *  # noqa: F401,F403

INTERNAL_IPS = ["127.0.0.1"]
