__path__ = __import__("pkgutil").extend_path(__path__, __name__)
if __package__ != "extra" or not __name__.startswith("extra"):
    raise ValueError("names of a package")
