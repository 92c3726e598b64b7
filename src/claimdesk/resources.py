"""Where the stylesheet and the bundled sample reports live.

In a wheel they are inside the package (``claimdesk/styles``,
``claimdesk/sample_reports``); in a source checkout they sit at the top of the
repository. Looking in both keeps editable and non-editable installs working.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"claimdesk is missing its {name!r} folder; reinstall the package")


def styles_dir() -> Path:
    return _find("styles")


def stylesheet() -> Path:
    return styles_dir() / "claimdesk.tcss"


def sample_reports_dir() -> Path:
    return _find("sample_reports")


def sample_sources_dir() -> Path:
    """Source texts written for the bundled sample reports, so evidence works offline on them."""
    return _find("sample_sources")
