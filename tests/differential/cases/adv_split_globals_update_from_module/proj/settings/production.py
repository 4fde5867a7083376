# production copies base's UPPERCASE names with globals().update({k: getattr(base, k) ...}). Django reports: W018
from . import base

globals().update({k: getattr(base, k) for k in dir(base) if k.isupper()})
