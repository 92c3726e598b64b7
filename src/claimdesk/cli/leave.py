"""Leaving the process without tearing the interpreter down, for commands that ask.

At exit Python frees every object it still holds, one by one, after a last
full garbage collection. An import of 100,000 reports ends holding the
library's rows and indexes parsed (millions of small objects): taking them
apart costs most of a second and writes nothing. A command whose every write
is already durable (import: each group fsynced and renamed under the lock)
asks for a quick exit; ``claimdesk``'s entry point then flushes the output
streams and ends the process with the command's exit status.

Only the process's entry point (``claimdesk.cli.run``) acts on it: a command
run in-process (click's CliRunner, a script calling ``claimdesk.cli.main``)
returns as usual.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

_asked = False
_ending = False  # set by the process's entry point: the process ends with the command


def ask() -> None:
    """The running command has nothing left to release: the entry point may skip the teardown."""
    global _asked
    _asked = True


def reset(ending: bool = False) -> None:
    """Forget any request; ``ending``: this process ends when its command does (the entry point)."""
    global _asked, _ending
    _asked = False
    _ending = ending


def ending() -> bool:
    """Whether the process ends with the running command: what it holds will never be freed."""
    return _ending


def asked() -> bool:
    return _asked


def now(code: object) -> NoReturn:
    """End the process as ``sys.exit(code)`` would, without the interpreter's teardown."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message") prints the message and exits 1
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the descriptor closed (`>&-`): nothing was written
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: as Python's own exit, 120 if it was stdout
            if stream is sys.stdout and status == 0:
                status = 120
    os._exit(status & 0xFF)
