"""Control sequences in report text never reach a terminal; markup stays data."""

from __future__ import annotations

import pytest

from claimdesk.sanitize import clean, has_control


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("a\x1b[31mred\x1b[0m b", "ared b"),  # SGR colour
        ("x\x1b[2J\x1b[Hy", "xy"),  # clear screen, cursor home
        ("x\x1b]0;pwned\x07y", "xy"),  # OSC window title, BEL-terminated
        ("x\x1b]52;c;ZXZpbA==\x1b\\y", "xy"),  # OSC 52 clipboard write, ST-terminated
        ("x\x1bPq#0;2;0;0;0\x1b\\y", "xy"),  # DCS (sixel)
        ("ring\x07", "ring"),  # BEL
        ("c1\x9b2Jz", "c1z"),  # 8-bit CSI
        ("left\u202eright", "leftright"),  # bidi override
        ("lone escape\x1b", "lone escape"),
    ],
)
def test_control_sequences_are_removed(hostile: str, expected: str) -> None:
    assert clean(hostile) == expected
    assert not has_control(clean(hostile))


def test_plain_text_markup_and_whitespace_are_kept() -> None:
    text = "[bold red]not markup[/] café — 96.2%\ttab\nline"
    assert clean(text) == text
