# production: from .base import *; from .base import MIDDLEWARE as _mw; _mw += [x]; _mw.remove(Csrf): same list. Django reports: W003
from .base import *  # noqa: F401,F403
from .base import MIDDLEWARE as _mw  # noqa: E402

_mw += ["whitenoise.middleware.WhiteNoiseMiddleware"]
_mw.remove("django.middleware.csrf.CsrfViewMiddleware")
