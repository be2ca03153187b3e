"""``derivax verify`` on every core: claims verified in worker processes, and JAX's compiled code kept on disk.

Each worker (:func:`derivax.workerpool.run_pool`: spawned, or forked from a parent that has loaded the
library but never JAX, :func:`start_workers`) sets
JAX to float64 and its persistent compilation cache once, loads the files of the claims it is sent
(each once), and verifies each claim, through the result cache as the
sequential path does (:func:`derivax.cache.cached_verify`). Results come back as each claim finishes
and are put back in the order asked for, so the output is the sequential path's, apart from the
times. A worker that dies (a crash in C, the OOM killer) or runs past the deadline costs only the
claim it held: that claim is ``undecided`` with the reason, never stored in the result cache, and a
fresh worker takes the rest.

The compilation cache lives in ``$DERIVAX_JAX_CACHE``, else ``$XDG_CACHE_HOME/derivax/jax``, else
``~/.cache/derivax/jax`` (set ``DERIVAX_JAX_CACHE`` empty to turn it off). JAX names its entries by a
hash of the computation, the compile options, the backend and the versions of jax and jaxlib, so a
stale entry is never used; the result cache (``.derivax_cache/``) is separate and unchanged.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from derivax.evidence import Evidence, Verdict, undecided
from derivax.settings import Settings, jax_in_float64, user_cache_dir

if TYPE_CHECKING:
    from derivax.claimreport import ClaimReport
    from derivax.claims import Claim
    from derivax.workerpool import Workers

__all__ = [
    "DEFAULT_DEADLINE_S",
    "JAX_CACHE_ENV",
    "jax_cache_dir",
    "lost_report",
    "start_workers",
    "use_compilation_cache",
    "verify_claims",
]

JAX_CACHE_ENV = "DERIVAX_JAX_CACHE"
DEFAULT_DEADLINE_S = 300.0  # the slowest claim takes under 10 s here; a worker past this is stuck, not slow


def jax_cache_dir() -> Path | None:
    """Where JAX keeps compiled code: ``$DERIVAX_JAX_CACHE`` (empty: nowhere), else the user's cache folder."""
    chosen = os.environ.get(JAX_CACHE_ENV)
    if chosen is not None:
        return Path(chosen).expanduser() if chosen.strip() else None
    return user_cache_dir() / "jax"


def use_compilation_cache(folder: Path | None = None) -> Path | None:
    """Switch JAX to float64 and to its persistent compilation cache in ``folder`` (default :func:`jax_cache_dir`).

    Every compiled witness is kept, however quickly it compiled: the library's are small (0.1 to 2 s
    each) and a second run would otherwise compile all of them again. Returns the folder, or None when
    the cache is off or the folder cannot be made (then JAX compiles as before; never an error).
    """
    jax = jax_in_float64()  # as derivax.numeric sets it up, before anything is compiled
    folder = jax_cache_dir() if folder is None else folder
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    jax.config.update("jax_compilation_cache_dir", str(folder))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
    return folder


@dataclass(frozen=True)
class _Job:
    """What every worker needs, sent once per worker: how to verify the claims it is sent."""

    settings: Settings
    use_cache: bool
    cache_dir: str
    jax_cache: str | None


_WORKER: dict[str, Any] = {}  # in a worker process: the job it serves, and the claims of each file it has loaded


def _claims_in(source: str) -> dict[str, Claim]:
    """Every claim and wrong twin declared in ``source`` (a library module or a claims file), by id.

    A worker loads only the files of the claims it is sent (a library module by its package name,
    as :func:`derivax.registry.builtin_claims` does; a user's file by path): witnesses do not pickle,
    and loading the whole library in every worker would cost each of them seconds of SymPy.
    """
    loaded = _WORKER.setdefault("sources", {})
    if source not in loaded:
        import importlib

        import derivax.derivations
        from derivax.registry import claims_from_file, claims_in_module

        library = {Path(p).resolve() for p in derivax.derivations.__path__}
        path = Path(source).resolve()
        if path.parent in library and not path.stem.startswith("_"):
            claims = claims_in_module(importlib.import_module(f"derivax.derivations.{path.stem}"))
        else:
            claims = claims_from_file(path)
        loaded[source] = {c.id: c for claim in claims for c in (claim, *claim.wrong_twins())}
    return loaded[source]


def _serve(job: _Job) -> None:
    """Set this worker up for ``job`` (JAX's float64 and compilation cache), once, before anything is compiled."""
    if _WORKER.get("job") != job:
        if job.jax_cache:
            use_compilation_cache(Path(job.jax_cache))
        else:
            _float64_only()
        _WORKER["job"] = job


def _prepare_worker(job: _Job) -> None:
    """A worker's head start, while the parent still loads the claims: set up, and the checkers imported.

    Importing the checkers (SymPy, JAX, Hypothesis, mpmath) is most of a worker's second of start-up;
    done here, it overlaps the parent's loading of the library instead of following it."""
    _serve(job)
    import derivax.cache
    import derivax.verification  # noqa: F401


def _verify_in_worker(job: _Job, task: tuple[str, str]) -> tuple[dict[str, Evidence], Verdict, float, bool]:
    """One claim in a worker, named by (source file, id): its evidence, verdict, seconds and whether the result cache had it."""
    _serve(job)
    from derivax.cache import cached_verify
    from derivax.verification import verify

    source, claim_id = task
    report, cached = cached_verify(_claims_in(source)[claim_id], job.settings, job.cache_dir, job.use_cache, verifier=verify)
    return report.evidence, report.verdict, report.seconds, cached


def _float64_only() -> None:
    jax_in_float64()


def lost_report(claim: Claim, settings: Settings, reason: str) -> ClaimReport:
    """The report of a claim whose worker was lost: every checker undecided, with the reason."""
    from derivax.claimreport import ClaimReport, combine

    evidence = {name: undecided(name, f"not verified: {reason}") for name in settings.checks}
    return ClaimReport(claim, evidence, combine(evidence), 0.0)


def _job(settings: Settings, use_cache: bool, cache_dir: str | Path) -> _Job:
    folder = jax_cache_dir()
    return _Job(settings, use_cache, str(Path(cache_dir).resolve()), str(folder) if folder else None)


def start_workers(
    settings: Settings, *, jobs: int, use_cache: bool = True, cache_dir: str | Path = ".derivax_cache", fork: bool = False
) -> Workers:
    """``jobs`` worker processes for a later :func:`verify_claims` with the same arguments, started now (spawned).

    Call it before loading the claims: each worker imports the checkers (about a second) while this
    process loads the library, instead of after. Close the result (``with``) when done; the workers
    :func:`verify_claims` did not need are stopped then.

    ``fork``: nothing starts now; load the claims, then call ``launch()`` on the result, and the
    workers are forked from this process with the claims' modules already loaded (SymPy imported, the
    library built once here, not again in each worker: about 1.5 s of CPU a worker for the library).
    Where forking is not safe then (:func:`derivax.workerpool.fork_is_safe`: a claims file that
    imported JAX, a thread running) they are spawned at that point, without the head start. The
    verdicts are the same either way.
    """
    from derivax.workerpool import Workers

    return Workers(_verify_in_worker, _job(settings, use_cache, cache_dir), jobs, prepare=_prepare_worker, fork=fork)


def _dispatch_weight(claim: Claim) -> int:
    """A rough cost, for sending the costliest claims first: each size is an instance checked three ways.

    Only the order of dispatch depends on it, never a result (results are put back in the order asked).
    A long claim sent last would run alone at the end while the other workers idle."""
    return max(1, len(claim.sizes))


def verify_claims(
    claims: Sequence[Claim],
    settings: Settings,
    *,
    jobs: int,
    use_cache: bool = True,
    cache_dir: str | Path = ".derivax_cache",
    on_report: Callable[[int, ClaimReport], None] | None = None,
    deadline_s: float | None = DEFAULT_DEADLINE_S,
    scheduler: str | None = None,
    workers: Workers | None = None,
) -> list[ClaimReport]:
    """Each claim's report, in the order of ``claims``, verified by ``jobs`` worker processes.

    A claim from a file (the built-in library, a claims file; a twin from its claim's file) is sent to
    a worker by file and id, and the worker loads that file; a claim built in memory is verified here.
    Results already in the result cache are read here without starting a worker. ``on_report(index,
    report)`` is called as each claim is done (cached ones first), for a progress bar. With one job
    the claims are verified here, one after another: the sequential path. With more, even a single
    claim goes to a worker, so that a claim that kills its process costs its own verdict, never the run.
    With ``scheduler`` (a Dask scheduler's address, or ``local``) the workers run on the cluster, a few
    claims each (:mod:`derivax.cluster`); its workers need derivax and the claim files at the same paths,
    and the result cache is written where each worker runs. ``workers``: processes started ahead by
    :func:`start_workers` with the same settings, used first (the caller closes them). Claims go to the
    workers costliest first (:func:`_dispatch_weight`).
    """
    from derivax.cache import cached_report
    from derivax.claimreport import ClaimReport

    reports: list[ClaimReport | None] = [None] * len(claims)

    def done(index: int, report: ClaimReport) -> None:
        reports[index] = report
        if on_report is not None:
            on_report(index, report)

    todo, here = [], []  # a claim built in memory has no file a worker could load: verified here
    for index, claim in enumerate(claims):
        hit = cached_report(claim, settings, cache_dir) if use_cache else None
        if hit is not None:
            done(index, hit)
        else:
            (todo if claim.source and Path(claim.source).is_file() else here).append(index)
    if jobs <= 1 and scheduler is None:
        here, todo = sorted(here + todo), []
    if here:
        use_compilation_cache()
    for index in here:
        done(index, _verified_here(claims[index], settings, cache_dir, use_cache))
    if not todo:
        return _all(reports)

    from derivax.cluster import run_tasks
    from derivax.workerpool import WorkerPoolError

    job = _job(settings, use_cache, cache_dir)
    todo.sort(key=lambda i: -_dispatch_weight(claims[i]))  # stable: library order among equals

    def finished(j: int, result: tuple[dict[str, Evidence], Verdict, float, bool]) -> None:
        evidence, verdict, seconds, cached = result
        done(todo[j], ClaimReport(claims[todo[j]], evidence, verdict, seconds, cached))

    def lost(j: int, reason: str) -> None:
        done(todo[j], lost_report(claims[todo[j]], settings, reason))

    tasks = [(claims[i].source, claims[i].id) for i in todo]
    try:
        run_tasks(
            _verify_in_worker,
            job,
            tasks,
            jobs=min(jobs, len(tasks)),
            on_done=finished,
            on_lost=lost,
            deadline_s=deadline_s,
            scheduler=scheduler,
            chunk=4,
            workers=workers,
            prepare=_prepare_worker,
        )
    except WorkerPoolError as error:  # no worker can start here (e.g. a __main__ that cannot be re-imported): one process it is
        print(f"derivax: {error}; verifying the remaining claims in this process", file=sys.stderr)
        use_compilation_cache()
        for index in todo:
            if reports[index] is None:
                done(index, _verified_here(claims[index], settings, cache_dir, use_cache))
    return _all(reports)


def _verified_here(claim: Claim, settings: Settings, cache_dir: str | Path, use_cache: bool) -> ClaimReport:
    """One claim verified in this process, through the result cache (the checkers imported only now: see verify_claims)."""
    from derivax.cache import cached_verify
    from derivax.verification import verify

    return cached_verify(claim, settings, cache_dir, use_cache, verifier=verify)[0]


def _all(reports: list[ClaimReport | None]) -> list[ClaimReport]:
    missing = [i for i, r in enumerate(reports) if r is None]
    if missing:  # run_pool answers every task, done or lost; this would be a bug in it
        raise RuntimeError(f"no report for claims at positions {missing}")
    return [r for r in reports if r is not None]
