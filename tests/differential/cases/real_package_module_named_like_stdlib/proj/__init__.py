from .json import encode  # noqa: F401
