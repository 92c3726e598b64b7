"""README is what a new user reads: every path it names exists, every command it names runs.

Paths are the backticked names with a slash in them and every relative link;
commands are the ``claimdesk WORD`` forms in code, each checked against the
command line itself together with every ``--option`` written beside it.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from claimdesk.cli import _COMMANDS, cli

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
DOCS = sorted((REPO / "docs").glob("*.md"))

_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_CODE_BLOCK = re.compile(r"```[a-z]*\n(.*?)```", re.S)
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def code_of(text: str) -> list[str]:
    """Inline code spans and the lines of code blocks."""
    blocks = _CODE_BLOCK.findall(text)
    rest = _CODE_BLOCK.sub("", text)
    lines = [line for block in blocks for line in block.splitlines()]
    return lines + _CODE_SPAN.findall(rest)


def named_paths(text: str) -> set[str]:
    found = set()
    for span in _CODE_SPAN.findall(_CODE_BLOCK.sub("", text)):
        if "/" in span and re.fullmatch(r"[\w.\-/]+", span) and not span.startswith(("http", "-", ".venv/")):
            found.add(span)
    return found


def local_links(text: str) -> set[str]:
    return {
        target.split("#", 1)[0]
        for target in _LINK.findall(text)
        if not target.startswith(("http://", "https://", "#", "mailto:"))
    }


def _takes_value(option: str) -> bool:
    """Whether an option before the command (the group's or the desk's) is followed by a value."""
    ctx = click.Context(cli)
    params = [*cli.params, *cli.get_command(ctx, "open").params]
    return any(option in p.opts and not getattr(p, "is_flag", False) for p in params)


def command_uses(text: str) -> list[tuple[str, str, list[str], list[str]]]:
    """(the code, its command, --options before it, --options after it) for every `claimdesk ...` in code."""
    uses = []
    for code in code_of(text):
        for match in re.finditer(r"(?:^|[\s(])claimdesk((?: +[^\s#|]+)*)", code):
            words = [w.strip("[]") for w in match.group(1).split()]
            command = None
            skip = False
            at = len(words)
            for i, word in enumerate(words):
                if skip:
                    skip = False
                elif word.startswith("-"):
                    skip = "=" not in word and _takes_value(word.rstrip("."))
                else:
                    command, at = word, i
                    break
            if command is not None and not re.fullmatch(r"[a-z][a-z-]*", command):
                command, at = None, len(words)  # a path (`claimdesk reports/ new.txt`) opens the desk
            options = [w.rstrip(".").split("=")[0] for w in words]
            before = [w for w in options[:at] if w.startswith("--")]
            after = [w for w in options[at:] if w.startswith("--")]
            uses.append((code, command or "open", before, after))
    return uses


def test_readme_keeps_the_two_set_up_commands() -> None:
    assert "pip install ." in README
    assert "pip install '.[test]'" in README and "python -m pytest" in README
    # .ci/run installs and tests exactly as README says.
    ci = (REPO / ".ci" / "run").read_text()
    assert "pip install '.[test]'" in ci and "python -m pytest -n 2" in ci
    assert "python -m pytest -n 2" in README


@pytest.mark.parametrize("doc", [REPO / "README.md", *DOCS], ids=lambda p: p.name)
def test_every_linked_file_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    missing = [t for t in sorted(local_links(text)) if t and not (doc.parent / t).exists()]
    assert not missing, f"{doc.name} links to missing files: {missing}"


def test_every_path_readme_names_exists() -> None:
    paths = named_paths(README)
    assert "tests/contracts/report.schema.json" in paths  # the finder finds what it should
    missing = sorted(p for p in paths if not (REPO / p).exists())
    assert not missing, f"README names paths that do not exist: {missing}"


def test_every_command_and_option_readme_names_exists() -> None:
    uses = command_uses(README)
    named = {command for _code, command, _before, _after in uses}
    assert {"mark", "check", "import", "show", "export", "conflicts"} <= named
    ctx = click.Context(cli)
    group_options = {opt for param in cli.params for opt in param.opts} | {"--help", "--version"}
    for code, command, before, after in uses:
        assert command in _COMMANDS, f"README runs an unknown command: {code!r}"
        found = cli.get_command(ctx, command)
        assert found is not None, code
        if isinstance(found, click.Group):  # `claimdesk sources fetch --refresh`: the subcommand's options
            sub = re.search(rf"claimdesk(?: +--?\S+(?: +\S+)?)* +{command} +([a-z][a-z-]*)", code)
            if sub is None:  # the group named on its own
                assert not after, code
                continue
            assert found.get_command(ctx, sub.group(1)) is not None, code
            found = found.get_command(ctx, sub.group(1))
        own = {opt for param in found.params for opt in param.opts} | {"--help"}
        # Before the command: the group's options (and the desk's, when no command is named).
        unknown = [opt for opt in before if opt not in group_options | (own if command == "open" else set())]
        unknown += [opt for opt in after if opt not in own]
        assert not unknown, f"{code!r}: {command} has no {unknown}"


def test_every_command_is_documented() -> None:
    named = {command for _code, command, _before, _after in command_uses(README)}
    assert set(_COMMANDS) <= named, f"commands README does not name: {sorted(set(_COMMANDS) - named)}"


def test_docs_screenshot_is_an_svg_of_the_desk() -> None:
    svg = (REPO / "docs" / "desk.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") and "Claims" in svg
    assert len(svg) < 150_000  # kept small: it is in every clone


@pytest.mark.slow
def test_the_screenshot_script_still_draws_the_desk(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "desk.svg"
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "screenshot.py"), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    svg = out.read_text(encoding="utf-8")
    assert "RLHF" in svg and "Claims" in svg and "Mine" in svg
