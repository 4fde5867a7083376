# production does `from . import base` and copies only MIDDLEWARE and DEBUG: everything else is Django's default. Django reports: W004, W008, W009, W011, W016, W020
from . import base

DEBUG = base.DEBUG
MIDDLEWARE = base.MIDDLEWARE
