# production does `from proj.settings.base import *` then `import proj.settings.extra` which mutates base.INSTALLED_APPS. Django reports: W011
from proj.settings.base import *  # noqa: F401,F403
import proj.settings.extra  # noqa: E402,F401
