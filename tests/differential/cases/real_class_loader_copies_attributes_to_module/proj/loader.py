import inspect
import sys


class Settings:
    SESSION_COOKIE_AGE = 3600

    @classmethod
    def load_settings(cls, module_name):
        self = cls()
        module = sys.modules[module_name]
        for member, value in inspect.getmembers(self):
            if member.isupper() and not member.startswith("_"):
                if isinstance(value, property):
                    value = value.fget(self)
                setattr(module, member, value)
