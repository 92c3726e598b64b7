"""Regenerate docs/desk.svg, the picture of the desk in README.

    python scripts/screenshot.py [OUTPUT]

The desk runs headless on a temporary database of the four publisher seeds
(bundled in sample_reports/) with a few fixed marks, opened at the Claims tab
of one report: the same picture every time, at 100x30 so the file stays small.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [
    "000_f713c555584e367b.txt",
    "001_c07bb58f8e3503ce.txt",
    "003_9a8a60184fa0a066.txt",
    "004_a9b6704b1e66c2ae.txt",
]
REPORT = "001_c07bb58f8e3503ce"
SIZE = (100, 30)


async def _shoot(db: Path) -> str:
    from claimdesk.resources import sample_reports_dir
    from claimdesk.store import ReviewStore
    from claimdesk.tui.app import ClaimdeskApp

    store = ReviewStore(db)
    store.import_paths([sample_reports_dir() / name for name in SEEDS])
    store.add_mark(REPORT, 1, "confirmed", reviewer="ann")
    store.add_mark(REPORT, 2, "disputed", "the source says 92.4", reviewer="ann")
    store.add_mark(REPORT, 2, "unsupported", reviewer="bob")
    app = ClaimdeskApp(store, "ann", cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        app.screen.open_report(REPORT)
        await pilot.press("2")
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.3)
        return app.export_screenshot(title="claimdesk")


def screenshot() -> str:
    """The desk as an SVG document."""
    with tempfile.TemporaryDirectory() as tmp:
        return asyncio.run(_shoot(Path(tmp) / "db"))


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "desk.svg"
    out.write_text(screenshot(), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
