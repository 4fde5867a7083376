from django.apps import AppConfig


class First(AppConfig):
    name = "lib.auth"
    label = "auth"


class Second(AppConfig):
    name = "lib.auth"
    label = "lib_auth_two"
