# base: if DEBUG: INSTALLED_APPS += [...] remove sessions; production sets DEBUG = True after: base already ran. Django reports: nothing
from .base import *  # noqa: F401,F403

DEBUG = False
