# base defines enable_debug() using `global DEBUG`; production calls it after `from .base import *`: only base.DEBUG changes. Django reports: nothing
from .base import *  # noqa: F401,F403

enable_debug()
