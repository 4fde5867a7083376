# `from . import *` pulls the settings package __init__ (DEBUG True, preload False); production resets DEBUG only. Django reports: W021
from . import *  # noqa: F401,F403

DEBUG = False
