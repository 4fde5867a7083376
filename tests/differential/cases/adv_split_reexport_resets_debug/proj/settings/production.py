# production sets DEBUG = False, then star-imports logging_cfg, which star-imports base (DEBUG True) again. Django reports: W018
from .base import *  # noqa: F401,F403

DEBUG = False

from .logging_cfg import *  # noqa: E402,F401,F403
