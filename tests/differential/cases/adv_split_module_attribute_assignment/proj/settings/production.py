# production star-imports base, then `from . import base; base.DEBUG = True`: production's DEBUG is unchanged. Django reports: nothing
from .base import *  # noqa: F401,F403
from . import base  # noqa: E402

base.DEBUG = True
