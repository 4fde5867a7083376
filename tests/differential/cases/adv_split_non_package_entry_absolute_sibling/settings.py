# entry settings.py in a plain folder (no __init__) does `from common_settings import *` (a sibling module). Django reports: W018
from common_settings import *  # noqa: F401,F403

DEBUG = True
