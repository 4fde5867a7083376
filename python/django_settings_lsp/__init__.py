"""The django-settings-lsp binary, installed by this package.

The wheel puts the binary in the environment's scripts folder (``bin/`` or
``Scripts\\``), where ``pip`` and ``uv`` put every console script; this
package only finds it, for ``python -m django_settings_lsp`` and for tools
that want its path.
"""

import os
import sys
import sysconfig

__all__ = ["find_binary"]

_NAME = "django-settings-lsp" + (sysconfig.get_config_var("EXE") or "")


def _user_scheme():
    if sys.version_info >= (3, 10):
        return sysconfig.get_preferred_scheme("user")
    if os.name == "nt":
        return "nt_user"
    if sys.platform == "darwin" and getattr(sys, "_framework", ""):
        return "osx_framework_user"
    return "posix_user"


def _candidate_folders():
    # The interpreter's own scripts folder: a venv's bin/, the system's.
    yield sysconfig.get_path("scripts")
    # pip install --user.
    yield sysconfig.get_path("scripts", _user_scheme())
    site_packages = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # pip install --prefix (or a copied environment): the scripts folder sits
    # where the default scheme puts it relative to site-packages.
    if os.path.basename(site_packages) in ("site-packages", "dist-packages"):
        relative = os.path.relpath(sysconfig.get_path("scripts"), sysconfig.get_path("purelib"))
        yield os.path.normpath(os.path.join(site_packages, relative))
    # pip install --target DIR puts scripts in DIR/bin.
    yield os.path.join(site_packages, "bin")


def find_binary():
    """The path of the installed django-settings-lsp binary.

    Raises FileNotFoundError, naming the folders searched, when it is not
    where an installer puts it (PATH is not searched: it may hold another
    version).
    """
    searched = []
    for folder in _candidate_folders():
        if folder in searched:
            continue
        searched.append(folder)
        path = os.path.join(folder, _NAME)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(
        "the django-settings-lsp binary is not installed next to this package; looked in "
        + ", ".join(searched)
    )
