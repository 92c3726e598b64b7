"""The evidence section under the claims table: the best source passage for the claim
under the cursor, the claim's words and numbers highlighted in it, and the suggestion.

The pane holds what it shows in reactives (the open report's evidence, once a worker has
computed it, and the claim under the cursor); it never reads the database itself. Source
text is untrusted: it is cleaned and styled through ``rich.text.Text`` spans only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from claimdesk.tui.text import one_line, plain

if TYPE_CHECKING:
    from claimdesk.evidence import ClaimEvidence, PassageHit, ReportEvidence
    from claimdesk.model import Claim

# Styles carry meaning by attribute as well as hue, so they read without colour.
SUPPORT_STYLES = {
    "supported": "bold green",
    "contradicted": "bold red",
    "not-found": "bold yellow",
    "no-source": "dim",
}
HIGHLIGHT_STYLES = {"match": "bold reverse green", "conflict": "bold reverse red", "word": "bold underline"}
TITLE_MAX = 48


def passage_heading(hit: "PassageHit") -> Text:
    """``[2] Title · p. 3``: where a passage comes from."""
    text = Text(f"[{hit.ref}] ", style="bold")
    title = one_line(hit.title) or "(untitled source)"
    text.append(title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…", style="italic")
    if hit.page is not None:
        text.append(f" · p. {hit.page}")
    return text


def highlighted(claim_text: str, hit: "PassageHit", *, one_line_only: bool = False) -> Text:
    """The passage, cleaned, with the claim's words and numbers styled (never markup)."""
    from claimdesk.evidence.highlight import highlights

    body = plain(hit.text)
    if one_line_only:
        body = " ".join(body.split())
    text = Text(body)
    conflicting = [c.source for c in hit.numbers_conflicting]
    try:
        spans = highlights(claim_text, body, conflicting=conflicting)
    except Exception:  # a highlight is a help, never a reason to hide the passage
        spans = ()
    for span in spans:
        text.stylize(HIGHLIGHT_STYLES.get(span.kind, ""), span.start, span.end)
    return text


def numbers_line(hit: "PassageHit") -> Text:
    text = Text()
    if hit.numbers_matched:
        text.append("matched ", style="dim")
        text.append(", ".join(plain(n) for n in hit.numbers_matched), style="green")
    for conflict in hit.numbers_conflicting:
        text.append("  claim " if text else "claim ", style="dim")
        text.append(plain(conflict.claim), style="bold")
        text.append(" vs source ", style="dim")
        text.append(plain(conflict.source), style="bold red")
    return text


class EvidencePane(Static):
    """The best passage for one claim, and the suggestion (the reviewer decides)."""

    evidence: reactive["ReportEvidence | None"] = reactive(None, init=False, always_update=True)
    claim: reactive["Claim | None"] = reactive(None, init=False)
    pending: reactive[str] = reactive("", init=False)  # "finding passages…", "fetching sources 3/8…"

    def watch_evidence(self) -> None:
        self._redraw()

    def watch_claim(self) -> None:
        self._redraw()

    def watch_pending(self) -> None:
        self._redraw()

    @property
    def item(self) -> "ClaimEvidence | None":
        if self.evidence is None or self.claim is None:
            return None
        return self.evidence.claim(self.claim.index)

    def _redraw(self) -> None:
        self.update(self.render_evidence())

    def render_evidence(self) -> Text | Group:
        claim, evidence = self.claim, self.evidence
        if claim is None:
            return Text("")
        if evidence is None:
            return Text(f"Evidence: {self.pending or 'finding passages…'}", style="dim")
        item = evidence.claim(claim.index)
        if item is None:
            return Text("Evidence: not computed for this claim.", style="dim")
        text = Text("Evidence ", style="bold")
        support = item.support.value
        text.append(f"suggests {support}", style=SUPPORT_STYLES.get(support, ""))
        if not evidence.any_held:
            text.append(f" · {self.pending}" if self.pending else " · no source text held: F fetches the report's sources",
                        style="dim")
            return text
        hit = item.best
        if hit is None:
            text.append(" · no passage of the held sources bears on this claim", style="dim")
            return text
        count = len(item.passages)
        text.append(f" · {count} passage{'s' if count != 1 else ''} · p lists them", style="dim")
        if self.pending:
            text.append(f" · {self.pending}", style="dim")
        # The numbers before the title: at 80 columns a long title is what gets cut.
        source = Text(f"[{hit.ref}] ", style="bold")
        if hit.page is not None:
            source.append(f"p. {hit.page} ")
        numbers = numbers_line(hit)
        if numbers:
            source.append_text(numbers)
            source.append(" ")
        source.append("· ", style="dim")
        source.append(one_line(hit.title) or "(untitled source)", style="italic")
        # One line for where the passage comes from, so the passage itself keeps its room.
        source.no_wrap = True
        source.overflow = "ellipsis"
        return Group(text, source, highlighted(claim.text, hit, one_line_only=True))


def sources_text(states) -> Text:
    """The Provenance tab's section: each reference's source status, depth and origin."""
    text = Text("\nSources", style="bold underline")
    held = sum(1 for state in states if state.usable)
    text.append(f"  {held} of {len(states)} held", style="dim")
    for state in states:
        text.append(f"\n{state.ref:>3}. ")
        status = state.status.value
        style = "green" if state.usable else "red" if status == "failed" else "dim"
        text.append(f"{status:<8}", style=style)
        text.append(f"{state.depth.value:<10}", style="bold" if state.usable else "dim")
        text.append(one_line(state.ident)[:40])
        if state.error:
            text.append(f"  {one_line(state.error)}", style="red")
        elif state.origin and state.origin.startswith("bundled"):
            text.append(f"  ({one_line(state.origin)})", style="dim")
    return text
