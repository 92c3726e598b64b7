"""Sync a review database through a git remote (no Textual here).

``sync(store, remote)`` drives the system ``git`` (so the user's SSH keys,
credential helpers and ``insteadOf`` rules apply) through subprocess, never a
shell, each call with a timeout (syncgit.py runs it). The work area is a bare
repository inside the database folder (``sync.git``); only plumbing commands
are used (ls-remote, fetch, cat-file, hash-object, mktree, commit-tree,
push), so there is no working tree or index a killed sync could leave
half-written.

One round:

1. list the remote's branches and fetch ``main`` (SyncError, nothing
   changed, when the remote cannot be reached or holds anything but the
   marker and the logs; see synclog.py);
2. read every log and bring in what this database lacks with merge.py's
   ``merge_into`` (the store's one durable path, a union by id);
3. append what the remote lacks to this database's own log, commit on top of
   the fetched ``main`` and push; a push rejected because another database
   pushed first starts the round again from 1.

Killed at any moment, the local database holds whole merges only (each is
durable before the next starts) and the remote holds whole commits only; the
next sync works out again what each side lacks, by id.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from claimdesk.errors import ClaimdeskError, SyncError
from claimdesk.agreement import count_noun as _count
from claimdesk.merge import MergeResult, merge_into
from claimdesk.sanitize import clean
from claimdesk.syncgit import Git, GitFailed
from claimdesk.synclog import (
    LOG_DIR,
    MARKER_BYTES,
    MARKER_NAME,
    Outgoing,
    RemoteLogs,
    check_marker,
    check_tree,
    log_path,
    outgoing,
)

if TYPE_CHECKING:  # pragma: no cover
    from claimdesk.store import ReviewStore
    from claimdesk.store.settings import Settings

BRANCH = "main"
WORK_AREA = "sync.git"
SYNC_LOCK = "sync.lock"
TRACKING_REF = "refs/claimdesk/remote"
MAX_ROUNDS = 8


@dataclass
class SyncResult:
    """What one sync did."""

    remote: str
    received: MergeResult = field(default_factory=MergeResult)
    sent: Outgoing = field(default_factory=Outgoing)
    rounds: int = 0

    def lines(self) -> list[str]:
        r, s = self.received, self.sent
        out = [
            f"synced with {shown(self.remote)}",
            f"received {_count(len(r.reports_added), 'report')}, {_count(r.marks_added, 'mark')}, "
            f"{_count(r.triage_added, 'triage decision')}, {_count(r.corrections_added, 'correction event')}",
            f"sent {_count(s.reports, 'report')}, {_count(s.marks, 'mark')}, "
            f"{_count(s.triage, 'triage decision')}, {_count(s.corrections, 'correction event')}",
        ]
        if r.reports_conflicting:
            out.append(
                f"{_count(len(r.reports_conflicting), 'report')} in conflict (same id, other content; "
                "this library's version kept, review records merged):"
            )
            out.extend(f"  {clean(rid)}" for rid in r.reports_conflicting)
        if self.rounds > 1:
            out.append(f"(another database pushed meanwhile: {self.rounds} rounds)")
        return out


def shown(url: str) -> str:
    """The URL fit to print: a password in it (https://user:token@host/...) becomes ***."""
    secret = _password(url)
    return clean(url if secret is None else url.replace(f":{secret}@", ":***@"))


def _password(url: str) -> str | None:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).password or None
    except ValueError:
        return None


def normalise_remote(remote: str) -> str:
    """A local path made absolute (git runs in the work area); URLs as given."""
    remote = remote.strip()
    if not remote:
        raise ClaimdeskError("give the git remote to sync with (a path to a bare repository, ssh or https URL)")
    if remote.startswith("-"):
        raise ClaimdeskError(f"{clean(remote)!r} is not a git remote (it starts with '-')")
    if "\n" in remote or "\0" in remote:
        raise ClaimdeskError("a git remote is one line of text")
    try:
        remote.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes: settings and git arguments are UTF-8 text
        raise ClaimdeskError(f"{clean(remote)!r} is not a git remote (it is not UTF-8 text)") from None
    local = Path(remote).expanduser()
    if "://" not in remote and local.exists():
        return str(local.resolve())
    return remote


def sync(store: "ReviewStore", remote: str | None = None, *, timeout: float | None = None) -> SyncResult:
    """Fetch, merge in, send and push; see the module docstring. SyncError on any failure."""
    settings = store.settings()
    given = remote if remote is not None else settings.sync_remote
    if given is None:
        raise ClaimdeskError("no remote yet: give one (claimdesk sync REMOTE); it is remembered after that")
    url = normalise_remote(given)
    from filelock import FileLock, Timeout

    lock = FileLock(store.root / SYNC_LOCK, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise SyncError("another sync of this database is running; wait for it to finish") from None
    try:
        area = (store.root / WORK_AREA).absolute()
        fresh = not (area / "HEAD").exists()
        git = Git(area, timeout, secret=_password(url))
        try:
            _prepare(git, area, fresh)
            result = _sync_rounds(store, git, url, settings)
        except BaseException:
            if fresh and store.settings().database_id is None:
                shutil.rmtree(area, ignore_errors=True)  # first contact failed: leave no trace
            raise
        _tidy(git)
        return result
    finally:
        lock.release()


def _tidy(git: Git) -> None:
    """Pack the work area now and then: every sync adds a whole new blob of this database's log.

    Run in the foreground (we hold the sync lock, so no other git works here);
    a failure costs disk space only, never data.
    """
    try:
        git.run("-c", "gc.auto=6700", "-c", "gc.autoDetach=false", "gc", "--auto", "--quiet")
    except SyncError:
        pass


def _prepare(git: Git, area: Path, fresh: bool) -> None:
    if fresh:
        # Made beside and renamed into place, so a killed first sync never leaves half an area.
        shutil.rmtree(area, ignore_errors=True)
        for left in area.parent.glob(f".{area.name}.*.new"):  # killed first syncs (we hold the sync lock)
            shutil.rmtree(left, ignore_errors=True)
        making = area.with_name(f".{area.name}.{os.getpid()}.new")
        making.mkdir(parents=True)
        Git(making, git.timeout).run("init", "--bare", "--quiet", str(making))
        os.replace(making, area)
        return
    # Lock files a killed git left behind (no other git runs here: we hold the sync lock
    # and automatic gc is off).
    for folder, _, names in os.walk(area):
        for name in names:
            if name.endswith(".lock"):
                try:
                    os.unlink(os.path.join(folder, name))
                except OSError:
                    pass


def _sync_rounds(store: "ReviewStore", git: Git, url: str, settings: "Settings") -> SyncResult:
    result = SyncResult(remote=url)
    for round_number in range(1, MAX_ROUNDS + 1):
        result.rounds = round_number
        base = _fetch(git, url)
        logs, files = _read_remote(git, url, base)
        if settings.sync_remote != url or settings.database_id is None:
            # The remote checked out: remember it (and this database's name in it).
            settings = store.update_settings(
                sync_remote=url, database_id=settings.database_id or _new_id()
            )
        _add_merge(result.received, merge_into(store, logs))
        out = outgoing(store, logs)
        if out.empty:
            return result
        commit = _commit(git, base, files, settings.database_id, out)
        try:
            git.run("push", "--quiet", "--no-verify", url, f"{commit}:refs/heads/{BRANCH}", where=shown(url))
        except GitFailed as exc:
            if not _rejected(exc.stderr):
                raise SyncError(f"cannot push to {shown(url)}: {exc.line}") from None
            time.sleep(random.uniform(0.05, 0.3) * round_number)  # let the other push finish
            continue
        result.sent = out
        git.run("update-ref", TRACKING_REF, commit)
        return result
    raise SyncError(
        f"{shown(url)} kept changing ({MAX_ROUNDS} pushes rejected); what came in is saved, run sync again"
    )


def _new_id() -> str:
    from claimdesk.store.settings import new_database_id

    return new_database_id()


def _add_merge(total: MergeResult, more: MergeResult) -> None:
    total.reports_added.extend(more.reports_added)
    total.reports_conflicting[:] = sorted(set(total.reports_conflicting) | set(more.reports_conflicting))
    total.reports_seen = max(total.reports_seen, more.reports_seen)
    total.marks_added += more.marks_added
    total.triage_added += more.triage_added
    total.corrections_added += more.corrections_added


def _rejected(stderr: str) -> bool:
    text = stderr.lower()
    # Another database's push won the race (a remote that refuses us for other reasons is an error).
    return any(s in text for s in ("[rejected]", "non-fast-forward", "fetch first", "cannot lock ref"))


def _fetch(git: Git, url: str) -> str | None:
    """The remote's ``main`` commit, fetched; None for an empty repository."""
    try:
        listing = git.run("ls-remote", "--heads", url, where=shown(url))
    except GitFailed as exc:
        raise SyncError(f"cannot reach {shown(url)}: {exc.line}") from None
    heads = {}
    for line in listing.decode("utf-8", "replace").splitlines():
        sha, _, ref = line.partition("\t")
        heads[ref.strip()] = sha.strip()
    others = sorted(ref for ref in heads if ref != f"refs/heads/{BRANCH}")
    if others:
        raise SyncError(
            f"{shown(url)} has the branch {clean(others[0].removeprefix('refs/heads/'))!r}, which claimdesk did "
            "not make; sync needs a repository of its own (start from an empty one)"
        )
    if f"refs/heads/{BRANCH}" not in heads:
        return None
    try:
        git.run("fetch", "--quiet", "--no-tags", url, f"+refs/heads/{BRANCH}:{TRACKING_REF}", where=shown(url))
    except GitFailed as exc:
        raise SyncError(f"cannot fetch from {shown(url)}: {exc.line}") from None
    return git.run("rev-parse", "--verify", f"{TRACKING_REF}^{{commit}}").decode().strip()


def _read_remote(git: Git, url: str, base: str | None) -> tuple[RemoteLogs, dict[str, str]]:
    """Every log of the fetched commit, checked; and path -> blob id of its files."""
    logs = RemoteLogs(root=shown(url))
    files: dict[str, str] = {}
    if base is None:
        return logs, files
    listing = git.run("ls-tree", "-r", "-z", "--full-tree", base)
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path = entry.partition(b"\t")
        mode, kind, sha = meta.decode().split()
        name = path.decode("utf-8", "replace")
        if kind != "blob" or mode != "100644":  # a link, submodule or executable: not ours
            raise SyncError(
                f"{shown(url)} holds {clean(name)!r} ({kind} {mode}), which claimdesk did not write; sync "
                "needs a repository of its own (start from an empty one)"
            )
        files[name] = sha
    check_tree(files, shown(url))
    if MARKER_NAME in files:
        check_marker(git.run("cat-file", "blob", files[MARKER_NAME]), shown(url))
    for name in sorted(files):
        if name.startswith(LOG_DIR + "/"):
            logs.add_log(name, git.run("cat-file", "blob", files[name]))
    return logs, files


def _commit(git: Git, base: str | None, files: dict[str, str], database_id: str, out: Outgoing) -> str:
    """A commit on top of ``base`` whose only change is this database's log, appended to."""
    own = log_path(database_id)
    previous = git.run("cat-file", "blob", files[own]) if own in files else b""
    blob = git.run("hash-object", "-w", "--stdin", data=previous + b"\n".join(out.lines) + b"\n").decode().strip()
    logs = {path: sha for path, sha in files.items() if path.startswith(LOG_DIR + "/")}
    logs[own] = blob
    log_tree = git.run(
        "mktree", "-z",
        data=b"".join(
            f"100644 blob {sha}\t{path.split('/', 1)[1]}\x00".encode() for path, sha in sorted(logs.items())
        ),
    ).decode().strip()
    marker = files.get(MARKER_NAME) or git.run("hash-object", "-w", "--stdin", data=MARKER_BYTES).decode().strip()
    root = git.run(
        "mktree", "-z",
        data=f"100644 blob {marker}\t{MARKER_NAME}\x00040000 tree {log_tree}\t{LOG_DIR}\x00".encode(),
    ).decode().strip()
    message = (
        f"claimdesk sync from {database_id}: {_count(out.reports, 'report')}, {_count(out.marks, 'mark')}, "
        f"{_count(out.triage, 'triage decision')}, {_count(out.corrections, 'correction event')}"
    )
    parents = ["-p", base] if base else []
    return git.run("commit-tree", "--no-gpg-sign", root, *parents, "-m", message).decode().strip()
