from json import dumps


def encode(value):
    return dumps(value)
