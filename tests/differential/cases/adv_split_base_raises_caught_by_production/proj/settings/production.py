# production wraps `from .base import *` in try/except Exception and sets DEBUG = True in the handler; base raises at its end. Django reports: W001, W002, W003, W009, W018, W020
try:
    from .base import *  # noqa: F401,F403
except Exception:
    DEBUG = True
