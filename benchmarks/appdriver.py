"""Runs an app headless in its own process for the benchmark, with no hooks in the product.

    python benchmarks/appdriver.py first-screen claimdesk DB REVIEWER
    python benchmarks/appdriver.py first-screen minimal
    python benchmarks/appdriver.py filter claimdesk DB REVIEWER QUERY
    python benchmarks/appdriver.py filter minimal QUERY
    python benchmarks/appdriver.py memory claimdesk DB REVIEWER SECONDS

``first-screen`` runs the app exactly as its command does and prints
``FIRST-SCREEN`` as soon as a frame holding the wanted text (the first report's
title; the minimal app's one line) has been turned into terminal output; the
parent times the process from its start to that line. Both apps are measured
by the same probe, so the ratio compares like with like.

``filter`` opens the desk in a test pilot, waits until the whole list is shown
and the reviewer's progress is loaded (not for the library checks, which keep
running in the background and are listed under ``busy_workers``), then sends
filter keystrokes one at a time and prints JSON with, per keystroke, the time
from the key event to the first frame that shows the filtered list. Its
baseline types the same keys into a minimal app's Input echoed on one line.
"""

from __future__ import annotations

import re
import sys
import time

_ANSI = re.compile(r"\x1b\[[0-9;?<=>]*[ -/]*[@-~]|\x1b[@-Z\\-_]|\x1b\][^\x07]*(?:\x07|\x1b\\)")
MINIMAL_LINE = "A minimal Textual app showing one line"
SIZE = (120, 40)


def probe_class(base: type, wanted) -> type:
    """``base`` with a display hook that exits once ``wanted(app)`` is on a rendered frame."""
    from textual._compositor import CompositorUpdate

    class FirstScreenProbe(base):  # type: ignore[misc, valid-type]
        _probe_done = False

        def _display(self, screen, renderable) -> None:
            super()._display(screen, renderable)
            if self._probe_done or renderable is None or self._batch_count:
                return
            if not isinstance(renderable, CompositorUpdate):
                return
            # What a real terminal would be sent (headless mode skips this step).
            output = _ANSI.sub("", renderable.render_segments(self.console))
            text = wanted(self)
            if text and text in output:
                self._probe_done = True
                sys.stdout.write(f"FIRST-SCREEN {time.perf_counter():.6f}\n")
                sys.stdout.flush()
                self.exit()

        def run(self, *args, **kwargs):  # the command calls app.run(); run it headless
            kwargs["headless"] = True
            kwargs["size"] = SIZE
            return super().run(*args, **kwargs)

    return FirstScreenProbe


def first_report_title(app) -> str | None:
    from claimdesk.tui.widgets.report_list import ReportList

    try:
        rows = app.screen.query_one(ReportList).rows
    except Exception:
        return None
    return rows[0].title[:16] if rows else None


def first_screen_claimdesk(db: str, reviewer: str) -> None:
    """The real ``claimdesk --db DB`` command path: click, the store, the app."""
    import claimdesk.cli.app_cmd as app_cmd
    import claimdesk.tui.app as app_module
    from claimdesk.cli import main

    app_module.ClaimdeskApp = probe_class(app_module.ClaimdeskApp, first_report_title)
    app_cmd.terminal_problem = lambda: None  # headless: the benchmark reads frames, not a terminal
    sys.argv = ["claimdesk", "--db", db, "--reviewer", reviewer]
    main()


def first_screen_minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class MinimalApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Static(MINIMAL_LINE)

    probe_class(MinimalApp, lambda app: MINIMAL_LINE)().run()


def frame_log_class(base: type) -> type:
    """``base`` recording the time of every frame and the filter value it was drawn with."""
    import asyncio

    class FrameLog(base):  # type: ignore[misc, valid-type]
        applied: str | None = None
        applied_at = 0.0
        frame_at = 0.0
        frame_value: str | None = None
        frame_ready: asyncio.Event | None = None

        def _display(self, screen, renderable) -> None:
            super()._display(screen, renderable)
            if renderable is None or self._batch_count:
                return
            renderable.render_segments(self.console)  # as a real terminal would get it
            self.frame_at = time.perf_counter()
            self.frame_value = self.applied
            if self.frame_ready is not None:
                self.frame_ready.set()

    return FrameLog


def filter_keys(query: str) -> list[tuple[str, str | None]]:
    """Type the query, take back three characters, type them again."""
    keys: list[tuple[str, str | None]] = [(c, c) if c != " " else ("space", " ") for c in query]
    keys += [("backspace", None)] * 3
    keys += [(c, c) if c != " " else ("space", " ") for c in query[-3:]]
    return keys


async def time_keystrokes(app, pilot, filter_box, count_shown, query: str) -> list[dict]:
    """Send each key as the terminal would and wait for the frame that shows its result."""
    import asyncio

    from textual import events

    value = filter_box.value
    results = []
    for key, char in filter_keys(query):
        value = value[:-1] if key == "backspace" else value + (char or "")
        app.frame_ready = asyncio.Event()
        started = time.perf_counter()
        app._driver.send_message(events.Key(key, char))
        while True:
            await asyncio.wait_for(app.frame_ready.wait(), 10)
            app.frame_ready.clear()
            if app.frame_value == value:
                break
        results.append(
            {
                "key": key,
                "query": value,
                "shown": count_shown(),
                "filtered_s": app.applied_at - started,
                "on_screen_s": app.frame_at - started,
            }
        )
        await asyncio.sleep(0.08)  # a fast typist's gap between keys
    return results


def filter_claimdesk(db: str, reviewer: str, query: str) -> dict:
    import asyncio

    from claimdesk.store import ReviewStore
    from claimdesk.tui.app import ClaimdeskApp
    from claimdesk.tui.widgets.library_panel import FilterInput, LibraryPanel
    from claimdesk.tui.widgets.report_list import ReportList

    async def drive() -> dict:
        app = frame_log_class(ClaimdeskApp)(ReviewStore(db), reviewer, cursor_blink=False)
        async with app.run_test(size=SIZE) as pilot:
            # Type once the whole list is on screen and the reviewer's progress is loaded. The
            # library checks keep running (minutes at 100,000 reports): the keystrokes are timed
            # with them in the background, as a reviewer who starts typing would meet them.
            screen = app.screen
            panel = screen.query_one(LibraryPanel)
            while not (panel.listed and panel.progress_loaded):
                await pilot.pause(0.1)
            await pilot.pause(0.5)
            filter_box = screen.query_one(FilterInput)
            report_list = screen.query_one(ReportList)
            original = panel.apply_filter

            def apply_filter() -> None:  # note when the list was narrowed, and to what
                original()
                app.applied = filter_box.value
                app.applied_at = time.perf_counter()

            panel.apply_filter = apply_filter
            await pilot.press("slash")
            await pilot.pause(0.2)
            keystrokes = await time_keystrokes(app, pilot, filter_box, lambda: len(report_list.rows), query)
            total = len(screen.rows)
            busy = sorted(w.group for w in app.workers if w.is_running)
            app.exit()
        return {"reports": total, "keystrokes": keystrokes, "peak_rss_mb": peak_rss_mb(), "busy_workers": busy}

    return asyncio.run(drive())


def filter_minimal(query: str) -> dict:
    """The same keystrokes into a minimal app: an Input whose value is echoed on one line."""
    import asyncio

    from textual.app import App, ComposeResult
    from textual.widgets import Input, Static

    class MinimalFilterApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(placeholder="filter", id="filter")
            yield Static(MINIMAL_LINE, id="echo")

        def on_input_changed(self, event: Input.Changed) -> None:
            self.query_one("#echo", Static).update(event.value)
            self.applied = event.value
            self.applied_at = time.perf_counter()

    async def drive() -> dict:
        app = frame_log_class(MinimalFilterApp)()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.5)
            filter_box = app.query_one(Input)
            filter_box.cursor_blink = False
            filter_box.focus()
            await pilot.pause(0.2)
            keystrokes = await time_keystrokes(app, pilot, filter_box, lambda: 1, query)
            app.exit()
        return {"reports": 1, "keystrokes": keystrokes, "peak_rss_mb": peak_rss_mb()}

    return asyncio.run(drive())


def memory_claimdesk(db: str, reviewer: str, seconds: str) -> dict:
    """The desk left open for ``seconds`` (its background checks run meanwhile): peak memory then."""
    import asyncio

    from claimdesk.store import ReviewStore
    from claimdesk.tui.app import ClaimdeskApp

    async def drive() -> dict:
        app = ClaimdeskApp(ReviewStore(db), reviewer)
        samples = []
        async with app.run_test(size=SIZE) as pilot:
            started = time.perf_counter()
            while time.perf_counter() - started < float(seconds):
                await pilot.pause(1.0)
                samples.append(round(peak_rss_mb(), 1))
            app.exit()
        return {"peak_rss_mb": peak_rss_mb(), "seconds": float(seconds), "samples": samples}

    return asyncio.run(drive())


def peak_rss_mb() -> float:
    """This process's own peak resident memory (VmHWM).

    Not getrusage: on Linux a child's ru_maxrss also counts the parent's pages
    it shared between fork and exec, so a big parent would inflate it.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> None:
    import json

    mode, *rest = argv
    if mode == "first-screen" and rest[0] == "claimdesk":
        first_screen_claimdesk(rest[1], rest[2])
    elif mode == "first-screen" and rest[0] == "minimal":
        first_screen_minimal()
    elif mode == "filter" and rest[0] == "claimdesk":
        print(json.dumps(filter_claimdesk(*rest[1:])))
    elif mode == "memory" and rest[0] == "claimdesk":
        print(json.dumps(memory_claimdesk(*rest[1:])))
    elif mode == "filter" and rest[0] == "minimal":
        print(json.dumps(filter_minimal(rest[1])))
    else:
        raise SystemExit(f"unknown mode {argv!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
