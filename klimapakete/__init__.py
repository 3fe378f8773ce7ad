"""Klimapakete: climate packages for local volunteer climate teams."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("klimapakete")
except PackageNotFoundError:  # running from a checkout without installation
    __version__ = "0.1.0"
