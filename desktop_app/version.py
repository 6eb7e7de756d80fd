"""The installed version of IMH Library."""

from importlib.metadata import PackageNotFoundError, version


def app_version() -> str:
    try:
        return version("imh-library")
    except PackageNotFoundError:  # running from a source tree without metadata
        return "0.0.0"
