# Reading an attribute that neither the class nor its bases define raises AttributeError: Django cannot import the settings. Django reports: crash AttributeError
SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
ALLOWED_HOSTS = ["www.example.com"]


class Base:
    debug = False


class Production(Base):
    pass


DEBUG = Production.debugging
