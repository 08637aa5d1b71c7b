"""Reading plans in tests: titles, previews, compensations and deferred records."""

from __future__ import annotations

from typing import Optional

from pvesmbgw.core.records import Record
from pvesmbgw.core.txn import Step
from pvesmbgw.smb.planner import Plan


def titles(plan: Plan) -> list[str]:
    return [s.title for s in plan.steps]


def step(plan: Plan, title: str) -> Step:
    """The one step of PLAN titled TITLE."""
    [found] = [s for s in plan.steps if s.title == title]
    return found


def preview(step: Step) -> list[str]:
    return list(step.preview)


def undo(plan: Plan) -> list[Optional[Record]]:
    """Each step's compensation, in plan order."""
    return [s.compensation for s in plan.steps]


def deferred(plan: Plan) -> list[Record]:
    return [s.deferred for s in plan.steps if s.deferred is not None]


def assert_commit_point(plan: Plan) -> None:
    """Every deferred (destructive) step comes after every undoable one, and a deferred
    step has nothing to undo."""
    kinds = [s.deferred is not None for s in plan.steps]
    assert kinds == sorted(kinds), f"undoable step after a deferred one: {titles(plan)}"
    assert all(s.compensation is None for s in plan.steps if s.deferred is not None)
