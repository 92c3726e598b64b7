"""The core and the command line never import Textual: `claimdesk mark` starts fast."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

CORE = ("claimdesk.model", "claimdesk.analysis", "claimdesk.claimnumber", "claimdesk.reportfiles", "claimdesk.parsing", "claimdesk.checks", "claimdesk.store", "claimdesk.export", "claimdesk.cli")


def test_core_modules_do_not_import_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "from claimdesk.cli import cli\n"
        "for name in ('mark', 'import', 'show', 'check'):\n"
        "    cli.get_command(None, name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(REPO / "src")}, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"textual imported by the core: {done.stdout.strip()}"


def test_the_desk_command_module_imports_textual_only_when_run():
    code = "import sys\nimport claimdesk.cli.app_cmd\nprint('textual' in sys.modules)\n"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(REPO / "src")}, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
