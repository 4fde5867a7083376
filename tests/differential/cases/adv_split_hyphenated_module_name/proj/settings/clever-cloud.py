# entry module settings/clever-cloud.py (not an identifier) star-imports base and turns DEBUG on. Django reports: W018
from .base import *  # noqa: F401,F403

DEBUG = True
