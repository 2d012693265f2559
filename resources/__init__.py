"""Data files shipped with the app: demo catalogue, fonts, style sheet, translations."""

from importlib.resources import files
from pathlib import Path


def path(*parts: str) -> Path:
    """Filesystem path of a resource shipped in this package (works from a wheel install)."""
    return Path(str(files(__name__).joinpath(*parts)))
