"""One way to run a mutating command: lock → repair the journal → upkeep → plan → run.

Every mutating command of every feature goes through `Operations.locked()`, so they
share one lock (cluster-wide where the cluster filesystem is, core/store.py) and one
journal: a command interrupted in one feature is finished or undone by the next command
of any feature, before that one plans anything.
"""

from __future__ import annotations

import contextlib
import logging
import os
import functools
from typing import (TYPE_CHECKING, Callable, ContextManager, Iterator, Optional, ParamSpec,
                    Sequence, TypeVar)

from .store import Store

if TYPE_CHECKING:
    from .config import Config
    from .runner import Runner
    from .txn import Step, Transaction

log = logging.getLogger(__name__)

# How long a command waits for the lock; tests shorten it (a test seam, like
# PVESMBGW_FAULT_AT in txn.py).
LOCK_TIMEOUT_ENV = "PVESMBGW_LOCK_TIMEOUT"
LOCK_TIMEOUT = 60.0

P = ParamSpec("P")
R = TypeVar("R")

# What a feature object is handed to take the command lock (`Operations.locked`); a
# no-op by default, for callers (unit tests) that hold no lock.
Locker = Callable[[], ContextManager[None]]


def under_lock(method: Callable[P, R]) -> Callable[P, R]:
    """Run a mutating method of an object with a `locked` Locker under that lock."""
    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with getattr(args[0], "locked")():
            return method(*args, **kwargs)
    return wrapper


# Work that must happen under the lock once the journal is repaired and before any
# planning: a feature's state migration, for example (it logs what it did).
Upkeep = Callable[[], None]


class Operations:
    def __init__(self, store: Store, node: str, txn: Transaction,
                 upkeep: Sequence[Upkeep] = (), cleanup: Sequence[Callable[[], None]] = (),
                 waiting: Optional[Callable[[str], None]] = None) -> None:
        self.store = store
        self.node = node
        self.txn = txn
        self.upkeep = list(upkeep)
        self.cleanup = list(cleanup)
        # Told when the lock is busy (the CLI shows it with its progress lines).
        self.waiting = waiting
        self.repaired: Optional[str] = None

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the command lock with any interrupted transaction finished or undone."""
        if self.txn.dry_run:
            # A dry run changes nothing, not even the lock or a stale journal.
            if self.txn.journal.exists():
                self.txn.report("would first roll back an interrupted operation")
            yield
            return
        timeout = float(os.environ.get(LOCK_TIMEOUT_ENV) or LOCK_TIMEOUT)
        with self.store.locked(self.node, timeout, waiting=self.waiting):
            self.repaired = self.txn.repair()
            if self.repaired:
                log.warning("rolled back interrupted operation: %s", self.repaired)
            for job in self.upkeep:
                job()
            yield

    def run(self, title: str, steps: Sequence[Step],
            secrets: Optional[dict[str, str]] = None) -> None:
        """Run one transaction (under `locked()`); scratch files go whatever happens.
        SECRETS are the transaction's own (never journaled), for its rollback."""
        try:
            self.txn.run(title, steps, secrets=secrets)
        finally:
            for job in self.cleanup:
                job()


def command_transaction(cfg: "Config", runner: "Runner",
                        progress: Optional[Callable[[str], None]] = None,
                        load_kinds: Callable[[], None] = lambda: None) -> Transaction:
    """The transaction of one command: journaled in cfg.journal_dir (the one journal of
    both commands), its records applied with the command's runner, a dry run when the
    runner's is. LOAD_KINDS registers every record kind (pvesmbgw.handlers), for a
    journal holding kinds this command has not loaded."""
    from .records import Context
    from .txn import Journal, Transaction
    return Transaction(Journal(cfg.journal_dir), Context(cfg, runner), dry_run=runner.dry_run,
                       progress=progress, report=runner.report, load_kinds=load_kinds)
