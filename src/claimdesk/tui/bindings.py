"""Every key of the desk in one place: the screen's bindings, the help screen
and the command palette all read this list, so they cannot drift apart."""

from __future__ import annotations

from textual.binding import Binding

# (binding, one-line help shown by ? and the command palette)
DESK_KEYS: list[tuple[Binding, str]] = [
    # Priority: the keys typed right after "/" (a fast typist, keys batched over
    # SSH) are routed before the list handles "/", so the box must take focus first.
    (Binding("slash", "filter", "Find", priority=True, id="filter"), "Filter the report list by title, id or research question"),
    (Binding("s", "cycle_sort", "Sort", show=False, id="sort"), "Sort the list: newest, review score, findings, least reviewed"),
    (Binding("b", "toggle_side", "List", show=False, id="toggle-side"), "Show or hide the report list (under 150 columns it steps aside on the Claims tab)"),
    (Binding("1", "tab('overview')", "Overview", show=False, id="tab-overview"), "Show the Overview tab"),
    (Binding("2", "tab('claims')", "Claims", show=False, id="tab-claims"), "Show the Claims tab"),
    (Binding("3", "tab('gates')", "Gates", show=False, id="tab-gates"), "Show the Gates tab"),
    (Binding("4", "tab('provenance')", "Provenance", show=False, id="tab-provenance"), "Show the Provenance tab"),
    (Binding("5", "tab('corrections')", "Corrections", show=False, id="tab-corrections"), "Show the Corrections tab"),
    (Binding("6", "team", "Team", show=False, id="team"), "Show the team view: agreement, each reviewer's marks, the conflicts"),
    (Binding("r", "related", "Related", show=False, id="related"), "Claims in other reports like the one under the cursor, with their marks"),
    # Not in the footer (every marking key must fit 80 columns): the evidence pane says
    # "p lists them" exactly when there are passages to list.
    (Binding("p", "passages", "Passages", show=False, id="passages"), "List the source passages for the claim under the cursor; Enter reads one in its source (/ searches, Esc back)"),
    (Binding("F", "fetch_sources", "Fetch", show=False, id="fetch-sources"), "Fetch the open report's sources in the background (arXiv, Crossref, web pages)"),
    (Binding("c", "mark('confirmed')", "Confirm", id="mark-confirmed"), "Mark the claim under the cursor confirmed"),
    (Binding("d", "mark('disputed')", "Dispute", id="mark-disputed"), "Mark the claim under the cursor disputed"),
    (Binding("u", "mark('unsupported')", "Unsup", id="mark-unsupported"), "Mark the claim under the cursor unsupported"),
    (Binding("n", "mark('needs-check')", "Check", id="mark-needs-check"), "Mark the claim under the cursor needs-check"),
    (Binding("x", "mark('cleared')", "Clear", id="mark-cleared"), "Withdraw your mark on the claim under the cursor"),
    (Binding("e", "edit_note", "Note", id="edit-note"), "Write or change the note of your mark on the current claim (asks for a verdict if it has none)"),
    (Binding("z", "undo", "Undo", id="undo"), "Undo your last mark since the desk opened (again: further back); the earlier verdict and note return"),
    # The detail under the table scrolls while the cursor stays on the claim; its border says when there is more.
    (Binding("J", "detail_down", "Detail ↓", show=False, id="detail-down"), "Scroll the claim's detail under the table down (a long claim, many notes)"),
    (Binding("K", "detail_up", "Detail ↑", show=False, id="detail-up"), "Scroll the claim's detail under the table back up"),
    (Binding("C", "correction", "Correct", show=False, id="correction"), "File a correction event against this report"),
    (Binding("T", "triage", "Triage", show=False, id="triage"), "Record a triage decision on this report"),
    (Binding("right_square_bracket", "next_report", "Next", show=False, id="next-report"), "Open the next report in the list"),
    (Binding("left_square_bracket", "previous_report", "Prev", show=False, id="previous-report"), "Open the previous report in the list"),
    (Binding("N", "next_unreviewed", "Unreviewed", show=False, id="next-unreviewed"), "Open the next report with claims you have not marked"),
    (Binding("backspace", "back", "Back", show=False, id="back"), "Go back to the report (and claim) you came from"),
    (Binding("question_mark", "help", "Keys", id="help"), "Show every key"),
    (Binding("q", "quit", "Quit", id="quit"), "Quit the desk (every mark is already saved)"),
]

DESK_BINDINGS: list[Binding] = [binding for binding, _ in DESK_KEYS]

# Readable names for keys whose Textual names are words.
KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "escape": "Esc",
    "enter": "Enter",
    "ctrl+s": "Ctrl+S",
    "ctrl+p": "Ctrl+P",
    "backspace": "⌫",
}


def key_name(key: str) -> str:
    return KEY_NAMES.get(key, key)
