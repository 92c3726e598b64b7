"""The counts of `claimdesk stats`, in one pass over the review records with bounded memory.

Each review bucket's reports (their counts and current verdicts, store/digest.py) are added
up into one partial ``Stats`` and agreement (claimdesk.library_agreement.AgreementTally) per
bucket; the store keeps that tally on disk beside the bucket (``ReviewStore.review_tallies``,
store/tallies.py) and hands back the kept one while the bucket and its reports' claims are
unchanged. The partials are merged exactly (integer sums; the per-report results and timed
claims are carried as they are), so the figures are those of counting every mark again, and
an unchanged archive costs reading its tallies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimdesk.library_agreement import AgreementPool, AgreementTally
from claimdesk.pace import Pace, pace_dict, pace_of_claims

if TYPE_CHECKING:  # pragma: no cover
    from claimdesk.store import ReviewStore
    from claimdesk.store.digest import ReviewDigest
    from claimdesk.store.tallies import Unkept

# What a kept bucket tally holds and how it is counted: a tally written under another
# version is counted again. Bump it with any change here or in store/digest.py's rules.
TALLY_VERSION = 1
_FORK_FROM = 16  # review buckets to count again before the work is shared between processes

VERDICTS = ("confirmed", "disputed", "unsupported", "needs-check")  # 'cleared' withdraws: never counted
DECISIONS = ("accept", "watchlist", "quarantine", "reject")


@dataclass(slots=True)
class ReviewerCounts:
    current: int = 0  # current marks (one per claim)
    marks: int = 0  # every mark ever made


@dataclass(slots=True)
class Stats:
    """What `claimdesk stats` reports.

    ``marked_claims`` counts claims (a claim two reviewers marked is one);
    ``current_marks`` counts (claim, reviewer) pairs, which ``by_verdict``
    splits; ``marks_total`` counts every mark ever made, replaced and cleared too.
    """

    database: str
    reports: int = 0
    claims: int = 0
    marked_claims: int = 0
    marks_total: int = 0
    corrections: int = 0
    by_verdict: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    by_reviewer: dict[str, ReviewerCounts] = field(default_factory=dict)
    triage: dict[str, int] = field(default_factory=lambda: dict.fromkeys(DECISIONS, 0))
    agreement: dict[str, Any] = field(default_factory=dict)
    # report id -> (reviewer, claim key) -> seconds under the cursor (claimdesk.pace)
    timed: dict[str, dict[tuple[str, str], float]] = field(default_factory=dict)

    def pace(self) -> Pace:
        """The pace over every timed mark, summed in the order claimdesk.pace.library_pace sums."""
        per_claim: dict[tuple[str, str, str], float] = {}
        for rid in sorted(self.timed):
            for (reviewer, key), seconds in self.timed[rid].items():
                per_claim[(reviewer, rid, key)] = seconds
        return pace_of_claims(per_claim)

    @property
    def current_marks(self) -> int:
        return sum(self.by_verdict.values())

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of `claimdesk stats --json`."""
        return {
            "database": self.database,
            "reports": self.reports,
            "claims": self.claims,
            "marked_claims": self.marked_claims,
            "current_marks": self.current_marks,
            "marks_total": self.marks_total,
            "by_verdict": dict(self.by_verdict),
            "by_reviewer": {
                name: {"current": c.current, "marks": c.marks} for name, c in sorted(self.by_reviewer.items())
            },
            "triage": dict(self.triage),
            "corrections": self.corrections,
            "agreement": self.agreement,
            "pace": pace_dict(self.pace()),
        }


def collect_stats(store: "ReviewStore", *, workers: int | None = None) -> Stats:
    """Every count of the library and its reviews, agreement included, in one streaming pass.

    The review files are split between ``workers`` processes (default: one per
    core, at most two, on Linux while this process runs no other thread); each
    adds up its share and the shares are merged, which gives the same counts as
    one process (every figure is an integer sum until the end). By default one
    process does it all when few buckets must be counted again (the rest are
    kept tallies).
    """
    stats = Stats(database=str(store.root))
    stats.reports, stats.claims = store.library_totals()  # before a fork: the children share it
    shares = _shares(workers)
    if workers is None and store.stale_tallies() < _FORK_FROM:
        shares = 1  # the kept tallies are read faster than processes start and hand results back
    if shares == 1:
        part, agreement, unkept = _collect(store, None)
    else:
        part, agreement, unkept = _collect_forked(store, shares)
    store.keep_tallies(unkept)  # only now: a pass that failed part-way keeps nothing
    stats.marked_claims, stats.marks_total, stats.corrections = part.marked_claims, part.marks_total, part.corrections
    stats.by_verdict, stats.by_reviewer, stats.triage = part.by_verdict, part.by_reviewer, part.triage
    stats.timed = part.timed
    stats.agreement = agreement.summary()
    return stats


def _shares(workers: int | None) -> int:
    import os
    import sys
    import threading

    wanted = min(2, os.cpu_count() or 1) if workers is None else workers
    if wanted <= 1 or sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return wanted


_Share = tuple["Stats", AgreementTally, "list[Unkept]"]


def _collect(store: "ReviewStore", part: tuple[int, int] | None) -> _Share:
    """One share's counts, and the tallies it computed for the store to keep."""
    stats = Stats(database="")
    agreement = AgreementTally()
    unkept: list[Unkept] = []
    for bucket_stats, bucket_agreement in store.review_tallies(BucketCodec(), unkept, part=part):
        _merge(stats, bucket_stats)
        agreement.merge(bucket_agreement)
    return stats, agreement, unkept


def _count(digests: "list[ReviewDigest]") -> tuple[Stats, AgreementTally]:
    """The counts and agreement of one bucket's reports."""
    stats = Stats(database="")
    agreement = AgreementTally()
    for digest in digests:
        stats.marks_total += digest.marks
        stats.corrections += digest.corrections
        for reviewer, count in digest.marks_by_reviewer.items():
            stats.by_reviewer.setdefault(reviewer, ReviewerCounts()).marks += count
        if digest.triage is not None:
            stats.triage[digest.triage] = stats.triage.get(digest.triage, 0) + 1
        current = digest.current
        if current:
            stats.marked_claims += len({number for number, _ in current})
            for (_, reviewer), verdict in current.items():
                stats.by_verdict[verdict] = stats.by_verdict.get(verdict, 0) + 1
                stats.by_reviewer[reviewer].current += 1
        agreement.add(digest.report_id, current)
        if digest.timed:
            stats.timed[digest.report_id] = digest.timed
    return stats, agreement


def _collect_forked(store: "ReviewStore", shares: int) -> _Share:
    """Each other share in a forked child that sends its result back through a pipe; this
    process does share 0 itself. A child that fails or dies has its share done here.

    A plain fork rather than ``multiprocessing.Pool``: when this process stops early (a damaged
    bucket raises here), the pool's shutdown waits on workers still blocked reading its task
    queue, and under load that wait was seen to last for ever.
    """
    import os

    children: list[tuple[int, int, int]] = []  # (share, pid, read end of its pipe)
    try:
        for share in range(1, shares):
            child = _fork_share(store, share, shares)
            if child is not None:
                children.append(child)
        stats, agreement, unkept = _collect(store, (0, shares))
        forked = {share for share, _, _ in children}
        results = [_collect(store, (share, shares)) for share in range(1, shares) if share not in forked]
        while children:
            share, pid, fd = children.pop()
            results.append(_result_of(pid, fd) or _collect(store, (share, shares)))
    finally:
        for _, pid, fd in children:  # only when this process stopped early
            os.close(fd)
            _reap(pid, kill=True)
    for other, other_agreement, other_unkept in results:
        _merge(stats, other)
        agreement.merge(other_agreement)
        unkept.extend(other_unkept)
    return stats, agreement, unkept


def _fork_share(store: "ReviewStore", share: int, shares: int) -> tuple[int, int, int] | None:
    import os
    import pickle

    try:
        read, write = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: its share, pickled down the pipe, then out without cleanup
        code = 1
        try:
            os.close(read)
            data = pickle.dumps(_collect(store, (share, shares)), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            code = 0
        except BaseException:  # the parent does this share itself and reports what went wrong
            pass
        finally:
            os._exit(code)
    os.close(write)
    return share, pid, read


def _result_of(pid: int, fd: int) -> _Share | None:
    """The child's share, or None when it failed, died or sent something unreadable."""
    import os
    import pickle

    with os.fdopen(fd, "rb") as pipe:
        data = pipe.read()
    if not _reap(pid, kill=False) or not data:
        return None
    try:
        return pickle.loads(data)
    except Exception:
        return None


def _reap(pid: int, *, kill: bool) -> bool:
    """Wait for a child (killing it first when asked); True when it exited with status 0."""
    import os
    import signal

    if kill:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    while True:
        try:
            _, status = os.waitpid(pid, 0)
        except InterruptedError:
            continue
        except ChildProcessError:
            return False
        return os.waitstatus_to_exitcode(status) == 0


def _merge(stats: Stats, other: Stats) -> None:
    stats.marked_claims += other.marked_claims
    stats.marks_total += other.marks_total
    stats.corrections += other.corrections
    stats.timed.update(other.timed)
    for verdict, n in other.by_verdict.items():
        stats.by_verdict[verdict] = stats.by_verdict.get(verdict, 0) + n
    for decision, n in other.triage.items():
        stats.triage[decision] = stats.triage.get(decision, 0) + n
    for reviewer, counts in other.by_reviewer.items():
        mine = stats.by_reviewer.setdefault(reviewer, ReviewerCounts())
        mine.current += counts.current
        mine.marks += counts.marks


class BucketCodec:
    """One bucket's (Stats, AgreementTally) as plain data, for the tallies the store keeps.

    ``load`` refuses any shape ``dump`` does not write (the store then counts the bucket again).
    """

    version = TALLY_VERSION

    def compute(self, digests: "list[ReviewDigest]") -> tuple[Stats, AgreementTally]:
        return _count(digests)

    def dump(self, value: tuple[Stats, AgreementTally]) -> dict[str, Any]:
        stats, agreement = value
        reports, overall, pairs = agreement.parts()
        return {
            "marked": stats.marked_claims,
            "marks": stats.marks_total,
            "corrections": stats.corrections,
            "verdicts": stats.by_verdict,
            "triage": stats.triage,
            "reviewers": {name: [c.current, c.marks] for name, c in stats.by_reviewer.items()},
            "timed": [[rid, [[who, key, s] for (who, key), s in t.items()]] for rid, t in stats.timed.items()],
            "reports": reports,
            "overall": _pool_doc(overall),
            "pairs": [[a, b, _pool_doc(pool)] for (a, b), pool in pairs.items()],
        }

    def load(self, doc: dict[str, Any]) -> tuple[Stats, AgreementTally]:
        stats = Stats(database="")
        stats.marked_claims, stats.marks_total = _int(doc["marked"]), _int(doc["marks"])
        stats.corrections = _int(doc["corrections"])
        stats.by_verdict, stats.triage = _counts(doc["verdicts"]), _counts(doc["triage"])
        stats.by_reviewer = {
            _str(name): ReviewerCounts(_int(current), _int(marks)) for name, (current, marks) in doc["reviewers"].items()
        }
        for rid, timed in doc["timed"]:
            stats.timed[_str(rid)] = {(_str(who), _str(key)): _float(s) for who, key, s in timed}
        reports = doc["reports"]
        if not all(isinstance(r, dict) for r in reports.values()):
            raise TypeError("a report's agreement is not a mapping")
        pairs = {(_str(a), _str(b)): _pool(pool) for a, b, pool in doc["pairs"]}
        return stats, AgreementTally.from_parts(dict(reports), _pool(doc["overall"]), pairs)


def _pool_doc(pool: AgreementPool) -> dict[str, Any]:
    return {"claims": pool.claims, "sums": list(pool.sums.items()), "totals": pool.totals, "by_reviewer": pool.by_reviewer}


def _pool(doc: dict[str, Any]) -> AgreementPool:
    pool = AgreementPool()
    pool.claims = _int(doc["claims"])
    pool.sums = {_int(n): _int(total) for n, total in doc["sums"]}
    pool.totals = _counts(doc["totals"])
    pool.by_reviewer = {_str(name): _counts(counts) for name, counts in doc["by_reviewer"].items()}
    return pool


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError(f"{value!r:.40} is not a count")
    return value


def _float(value: Any) -> float:
    if type(value) not in (int, float):
        raise TypeError(f"{value!r:.40} is not a number of seconds")
    return float(value)


def _str(value: Any) -> str:
    if type(value) is not str:
        raise TypeError(f"{value!r:.40} is not a name")
    return value


def _counts(doc: dict[str, Any]) -> dict[str, int]:
    return {_str(key): _int(n) for key, n in doc.items()}
