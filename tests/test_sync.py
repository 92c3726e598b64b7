"""Sync through a git remote: local bare repositories stand in for a team's server."""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import orjson
import pytest

from claimdesk.errors import SyncError
from claimdesk.model import Claim, CorrectionType, Layout, Report, TriageDecision, Verdict
from claimdesk.store import ReviewStore
from claimdesk.sync import sync

VERDICTS = ["confirmed", "disputed", "unsupported", "needs-check", "cleared"]


@pytest.fixture(autouse=True)
def no_git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Git as on a fresh machine: no ~/.gitconfig, no system config, so no identity."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)


def bare_remote(tmp_path: Path, name: str = "team.git") -> Path:
    path = tmp_path / name
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True)
    return path


def reports(prefix: str, count: int) -> list[Report]:
    out = []
    for n in range(count):
        rid = f"{prefix}{n:03d}"
        claims = tuple(Claim(i, f"Model {rid}-{i} reaches {n + i * 1.5:.1f}% on bench B{i}", None, None) for i in range(1, 6))
        out.append(Report(id=rid, layout=Layout.JSON, title=f"Report {rid}", claims=claims))
    return out


def database(tmp_path: Path, name: str, own: list[Report] = ()) -> ReviewStore:
    store = ReviewStore(tmp_path / name)
    if own:
        store.add_reports(own)
    return store


def review(store: ReviewStore, rng: random.Random, count: int, reviewer: str) -> None:
    ids = store.report_ids()
    for _ in range(count):
        rid = rng.choice(ids)
        roll = rng.random()
        if roll < 0.8:
            store.add_mark(rid, rng.randint(1, 5), rng.choice(VERDICTS), f"note {rng.randint(0, 99)}",
                           reviewer=reviewer, seconds=rng.choice([None, round(rng.uniform(1, 200), 2)]))
        elif roll < 0.9:
            store.add_triage(rid, rng.choice(list(TriageDecision)), "", reviewer=reviewer)
        else:
            store.add_correction(rid, rng.choice(list(CorrectionType)), f"fix {rng.randint(0, 99)}", reviewer=reviewer)


def content(store: ReviewStore) -> dict:
    """Every report (snapshot, hash) and every record, order-free."""
    out = {}
    for rid in store.report_ids():
        out[rid] = (
            store.content_hash(rid),
            orjson.dumps(store.report(rid).to_dict(), option=orjson.OPT_SORT_KEYS),
            sorted(store.marks(rid), key=lambda m: m.id),
            sorted(store.triage(rid), key=lambda t: t.id),
            sorted(store.corrections(rid), key=lambda c: c.event_id),
        )
    return out


def record_ids(store: ReviewStore) -> set[tuple[str, str]]:
    ids = set()
    for rid in store.reviewed_ids():
        ids |= {("mark", m.id) for m in store.marks(rid)}
        ids |= {("triage", t.id) for t in store.triage(rid)}
        ids |= {("correction", c.event_id) for c in store.corrections(rid)}
    return ids


def team(tmp_path: Path, size: int, seed: int = 1) -> list[ReviewStore]:
    """Databases with reports of their own, one shared report set, and reviews of their own."""
    rng = random.Random(seed)
    shared = reports("s", 3)
    stores = []
    for n in range(size):
        store = database(tmp_path, f"db{n}", shared + reports(f"r{n}-", 4))
        review(store, rng, 25, reviewer=f"reviewer{n}")
        stores.append(store)
    return stores


def test_two_databases_exchange_everything_and_a_second_sync_sends_nothing(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    a, b = team(tmp_path, 2)
    union = record_ids(a) | record_ids(b)
    first = sync(a, str(remote))
    assert first.sent.reports == 7 and first.received.marks_added == 0
    second = sync(b, str(remote))
    assert len(second.received.reports_added) == 4  # a's own reports; the shared ones b holds
    assert second.sent.reports == 4
    sync(a)  # the remote is remembered
    assert record_ids(a) == record_ids(b) == union
    assert content(a) == content(b)
    again = sync(a)
    assert again.sent.empty and not again.received.changed
    assert a.settings().sync_remote == str(remote.resolve())


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_three_databases_in_every_order_reach_the_same_records(tmp_path: Path, order: tuple[int, ...]) -> None:
    remote = bare_remote(tmp_path)
    stores = team(tmp_path, 3, seed=sum(order))
    union = set().union(*(record_ids(s) for s in stores))
    for _ in range(2):  # the first in a round hears the later ones on the next
        for n in order:
            sync(stores[n], str(remote))
    assert all(record_ids(s) == union for s in stores)
    assert content(stores[0]) == content(stores[1]) == content(stores[2])


def test_simultaneous_syncs_converge_after_one_more_round(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    stores = team(tmp_path, 3, seed=5)
    sync(stores[0], str(remote))  # the remote exists; the three then race to push
    union = set().union(*(record_ids(s) for s in stores))
    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def run(store: ReviewStore) -> None:
        start.wait()
        try:
            sync(store, str(remote))
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for store in stores:
        sync(store)
    assert all(record_ids(s) == union for s in stores)
    assert content(stores[0]) == content(stores[1]) == content(stores[2])


def test_a_teammate_reviews_a_report_they_never_imported(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    a = database(tmp_path, "a", reports("x", 1))
    sync(a, str(remote))
    b = database(tmp_path, "b")  # empty: everything comes from the remote
    sync(b, str(remote))
    assert b.report("x000").claims[2].text == a.report("x000").claims[2].text
    b.add_mark("x000", 3, "disputed", "no source", reviewer="bob")
    sync(b)
    sync(a)
    assert [(m.reviewer, m.verdict) for m in a.marks("x000")] == [("bob", Verdict.DISPUTED)]


def test_seconds_travel_through_sync(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    a = database(tmp_path, "a", reports("x", 1))
    a.add_mark("x000", 1, "confirmed", reviewer="ann", seconds=42.5)
    a.add_mark("x000", 2, "confirmed", reviewer="ann")
    sync(a, str(remote))
    b = database(tmp_path, "b")
    sync(b, str(remote))
    assert sorted((m.claim, m.seconds) for m in b.marks("x000")) == [(1, 42.5), (2, None)]


# --- errors: one line, nothing changed here


def snapshot_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in ("lock", "sync.lock")
    }


def claimdesk(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMDESK_REVIEWER": "ann", "CLAIMDESK_DB": str(db)}
    return subprocess.run([sys.executable, "-m", "claimdesk", *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("kind", ["missing", "plain folder", "refused port"])
def test_an_unreachable_remote_is_one_line_and_changes_nothing(tmp_path: Path, kind: str) -> None:
    a = database(tmp_path, "a", reports("x", 2))
    a.add_mark("x000", 1, "confirmed", reviewer="ann")
    before = snapshot_of(a.root)
    target = {
        "missing": str(tmp_path / "no" / "such.git"),
        "plain folder": str(tmp_path),
        "refused port": "http://127.0.0.1:9/team.git",
    }[kind]
    done = claimdesk("sync", target, db=a.root)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimdesk: cannot reach ")
    assert "Traceback" not in done.stderr
    assert snapshot_of(a.root) == before  # no remote remembered, no work area left
    assert a.settings().sync_remote is None


def git_commit(repo: Path, files: dict[str, bytes], branch: str = "main") -> None:
    work = repo.parent / (repo.name + "-work")
    subprocess.run(["git", "init", "--quiet", "-b", branch, str(work)], check=True)
    for name, data in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_bytes(data)
    env = {**os.environ, "GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@x", "GIT_COMMITTER_NAME": "x",
           "GIT_COMMITTER_EMAIL": "x@x"}
    subprocess.run(["git", "-C", str(work), "add", "."], check=True)
    subprocess.run(["git", "-C", str(work), "commit", "--quiet", "-m", "x"], check=True, env=env)
    subprocess.run(["git", "-C", str(work), "push", "--quiet", str(repo), f"HEAD:{branch}"], check=True)


@pytest.mark.parametrize(
    ("files", "branch", "says"),
    [
        ({"README.md": b"# our project\n"}, "main", "holds 'README.md', which claimdesk did not write"),
        ({"README.md": b"# our project\n"}, "master", "has the branch 'master'"),
        ({"claimdesk-sync.json": b'{"format": "other"}'}, "main", "is not claimdesk's"),
        ({"claimdesk-sync.json": b'{"format": "claimdesk-sync", "version": 1}',
          "logs/" + "a" * 32 + ".jsonl": b'{"kind": "mark", "id": 1}\n'}, "main", "line 1 is not a claimdesk record"),
        ({"claimdesk-sync.json": b'{"format": "claimdesk-sync", "version": 1}',
          "logs/" + "a" * 32 + ".jsonl": b'{"kind": "vote"}\n'}, "main", "upgrade claimdesk"),
    ],
)
def test_a_remote_holding_files_not_ours_is_refused_and_nothing_changes(
    tmp_path: Path, files: dict[str, bytes], branch: str, says: str
) -> None:
    remote = bare_remote(tmp_path)
    git_commit(remote, files, branch)
    a = database(tmp_path, "a", reports("x", 2))
    before = snapshot_of(a.root)
    with pytest.raises(SyncError, match=says.replace("(", r"\(")) as caught:
        sync(a, str(remote))
    assert "\n" not in str(caught.value)
    assert snapshot_of(a.root) == before
    heads = subprocess.run(["git", "-C", str(remote), "for-each-ref"], capture_output=True, text=True).stdout
    assert len(heads.splitlines()) == 1  # nothing pushed


def test_sync_without_a_remote_asks_for_one(tmp_path: Path) -> None:
    done = claimdesk("sync", db=tmp_path / "a")
    assert done.returncode == 2
    assert done.stderr.strip() == "claimdesk: no remote yet: give one (claimdesk sync REMOTE); it is remembered after that"


def test_the_command_prints_what_it_sent_and_received(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    a = database(tmp_path, "a", reports("x", 2))
    a.add_mark("x000", 1, "confirmed", reviewer="ann")
    done = claimdesk("sync", str(remote), db=a.root)
    assert done.returncode == 0, done.stderr
    assert "sent 2 reports, 1 mark, 0 triage decisions, 0 correction events" in done.stdout
    done = claimdesk("sync", db=tmp_path / "b")
    assert done.returncode == 2  # b has no remote yet
    done = claimdesk("sync", str(remote), db=tmp_path / "b")
    assert "received 2 reports, 1 mark, 0 triage decisions, 0 correction events" in done.stdout
    shown = claimdesk("config", db=tmp_path / "b")
    assert f"remote  {remote.resolve()}" in shown.stdout


def test_a_push_rejected_because_another_database_pushed_first_is_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimdesk.sync as sync_module

    remote = bare_remote(tmp_path)
    a, b = team(tmp_path, 2, seed=9)
    sync(b, str(remote))
    real_commit = sync_module._commit
    raced = []

    def commit_after_b_pushes(*args, **kwargs):  # noqa: ANN002, ANN003
        if not raced:
            raced.append(True)
            b.add_mark("s000", 1, "disputed", reviewer="late", seconds=3.0)
            sync(b)  # b gets there first: a's push of a commit on the old main is rejected
        return real_commit(*args, **kwargs)

    monkeypatch.setattr(sync_module, "_commit", commit_after_b_pushes)
    result = sync(a, str(remote))
    assert result.rounds == 2
    assert any(m.reviewer == "late" for m in a.marks("s000"))
    monkeypatch.undo()
    sync(b)
    assert record_ids(a) == record_ids(b)


# --- killed at random moments


@pytest.mark.slow
def test_a_sync_killed_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    """SIGKILL at random moments of a sync (start-up, fetch, merge, commit, push); at least 20 kills.

    After each kill the database reads whole and holds every record it had;
    in the end plain syncs bring both databases to the same records.
    """
    import signal
    import time

    rng = random.Random(20261201)
    remote = bare_remote(tmp_path)
    stores = {"a": database(tmp_path, "a", reports("a", 300)), "b": database(tmp_path, "b", reports("b", 80))}
    review(stores["a"], rng, 900, reviewer="ann")
    review(stores["b"], rng, 300, reviewer="bob")
    made = {name: record_ids(store) for name, store in stores.items()}

    def run(name: str) -> subprocess.Popen[bytes]:
        env = {**os.environ, "CLAIMDESK_DB": str(stores[name].root)}
        return subprocess.Popen([sys.executable, "-m", "claimdesk", "sync", str(remote)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    began = time.monotonic()
    whole = run("a")  # one complete sync (the largest), to learn how long one takes on this machine
    assert whole.wait(timeout=300) == 0, whole.stderr.read() if whole.stderr else ""
    span = time.monotonic() - began
    kills = finished = 0
    for _ in range(80):
        if kills >= 24:
            break
        name = rng.choice(["a", "b"])
        store = stores[name]
        review(store, rng, rng.randint(0, 5), reviewer="ann" if name == "a" else "bob")
        made[name] |= record_ids(store)
        process = run(name)
        time.sleep(rng.uniform(0.0, span * 1.3))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        code = process.wait(timeout=300)
        if code == 0:
            finished += 1
        else:
            assert code == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
        reopened = ReviewStore(store.root)
        content(reopened)  # every file still reads
        assert made[name] <= record_ids(reopened)  # nothing this database had is gone
    assert kills >= 20
    for name in ("a", "b", "a"):
        sync(ReviewStore(stores[name].root))
    final = {name: ReviewStore(store.root) for name, store in stores.items()}
    union = made["a"] | made["b"]
    assert record_ids(final["a"]) == record_ids(final["b"]) == union
    assert content(final["a"]) == content(final["b"])


def test_a_remote_that_never_answers_times_out_in_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()  # accepts connections (the kernel does), never answers
    try:
        monkeypatch.setenv("CLAIMDESK_SYNC_TIMEOUT", "1.5")
        a = database(tmp_path, "a", reports("x", 1))
        before = snapshot_of(a.root)
        with pytest.raises(SyncError, match=r"did not finish within 1\.5 s \(CLAIMDESK_SYNC_TIMEOUT\)"):
            sync(a, f"http://127.0.0.1:{server.getsockname()[1]}/team.git")
        assert snapshot_of(a.root) == before
    finally:
        server.close()


def test_each_database_only_appends_to_its_own_log_in_a_stable_order(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    a, b = team(tmp_path, 2, seed=3)
    sync(a, str(remote))
    sync(b, str(remote))

    def logs() -> dict[str, bytes]:
        names = subprocess.run(["git", "-C", str(remote), "ls-tree", "-r", "--name-only", "main"],
                               capture_output=True, text=True, check=True).stdout.split()
        return {n: subprocess.run(["git", "-C", str(remote), "show", f"main:{n}"], capture_output=True,
                                  check=True).stdout for n in names}

    first = logs()
    assert sorted(first) == sorted(["claimdesk-sync.json", f"logs/{a.settings().database_id}.jsonl",
                                    f"logs/{b.settings().database_id}.jsonl"])
    a.add_mark("s001", 2, "disputed", reviewer="reviewer0")
    a.add_mark("s001", 3, "confirmed", reviewer="reviewer0")
    sync(a)
    second = logs()
    own = f"logs/{a.settings().database_id}.jsonl"
    other = f"logs/{b.settings().database_id}.jsonl"
    assert second[other] == first[other]  # a never writes b's log
    assert second[own].startswith(first[own])  # append-only
    added = [orjson.loads(line) for line in second[own][len(first[own]):].splitlines()]
    assert [(d["kind"], d["claim"]) for d in added] == [("mark", 2), ("mark", 3)]  # by time, then id
    batch = [orjson.loads(line) for line in first[own].splitlines()]
    kinds = [d["kind"] for d in batch]
    assert kinds == sorted(kinds, key=["report", "mark", "triage", "correction"].index)
    reported = [d["id"] for d in batch if d["kind"] == "report"]
    assert reported == sorted(reported)


def test_sync_json_says_what_moved(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    a = database(tmp_path, "a", reports("x", 2))
    a.add_triage("x001", "accept", reviewer="ann")
    done = claimdesk("sync", str(remote), "--json", db=a.root)
    assert done.returncode == 0, done.stderr
    doc = orjson.loads(done.stdout)
    assert doc["sent"] == {"reports": 2, "marks": 0, "triage": 1, "corrections": 0}
    assert doc["received"]["marks_added"] == 0 and doc["rounds"] == 1


def test_a_database_copied_folder_and_all_still_loses_nothing(tmp_path: Path) -> None:
    """A copy shares the original's name in the remote: both append to one log, read back first."""
    import shutil

    remote = bare_remote(tmp_path)
    a = database(tmp_path, "a", reports("x", 2))
    sync(a, str(remote))
    shutil.copytree(a.root, tmp_path / "copy")
    copy = ReviewStore(tmp_path / "copy")
    assert copy.settings().database_id == a.settings().database_id
    a.add_mark("x000", 1, "confirmed", reviewer="ann")
    copy.add_mark("x001", 2, "disputed", reviewer="cid")
    sync(a)
    sync(copy)
    sync(a)
    assert record_ids(a) == record_ids(copy) and len(record_ids(a)) == 2


def test_a_new_version_of_a_report_reaches_newcomers_and_is_listed_where_an_old_one_is_kept(tmp_path: Path) -> None:
    remote = bare_remote(tmp_path)
    first = reports("x", 1)[0]
    a = database(tmp_path, "a", [first])
    sync(a, str(remote))
    b = database(tmp_path, "b")
    sync(b, str(remote))
    from dataclasses import replace

    newer = replace(first, title="Report x000, corrected")
    a.add_reports([newer])  # a second version, as a re-import of a changed file gives
    assert a.summary("x000").version == 2
    sync(a)
    c = database(tmp_path, "c")
    sync(c, str(remote))
    assert c.report("x000").title == "Report x000, corrected"  # a newcomer gets the current version
    result = sync(b)
    assert result.received.reports_conflicting == ["x000"]  # b keeps its own, and is told
    assert b.report("x000").title == "Report x000"
    assert any("in conflict" in line for line in result.lines())


def test_a_password_in_the_remote_url_is_never_printed(tmp_path: Path) -> None:
    a = database(tmp_path, "a", reports("x", 1))
    done = claimdesk("sync", "http://ann:s3cret-token@127.0.0.1:9/team.git", db=a.root)
    assert done.returncode == 1
    assert "s3cret-token" not in done.stderr and "ann:***@127.0.0.1:9" in done.stderr
