from split_settings.tools import include

DEBUG = False
include("hsts.py")
