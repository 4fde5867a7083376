# A home-grown loader copies a settings class's upper-case attributes and properties onto the module (inspect.getmembers, sys.modules[__name__], setattr): what the class defines is set. Django reports: W004, W008, W016
from .base import BaseSettings


class ProductionSettings(BaseSettings):
    DEBUG = False
    secure = True


ProductionSettings.load_settings(__name__)
