# Only a strong SECRET_KEY and ALLOWED_HOSTS; MIDDLEWARE defaults to []. Django reports: W001, W002, W003
SECRET_KEY = "r_iGp@58WAm!dX3a5ID)nOdcd*bWB2d^C4@(DSDC6Lc1-mxLpQ#2#yMK)@#Y"
ALLOWED_HOSTS = ["example.org"]
