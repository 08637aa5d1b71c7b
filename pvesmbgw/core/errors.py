"""The one exception tree of pvesmbgw; each error knows its exit code."""

from __future__ import annotations

from typing import Sequence

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2


class PvesmbgwError(Exception):
    """Base of every expected failure; printed as one line by the CLI."""

    exit_code = EXIT_FAILED


class ValidationError(PvesmbgwError):
    """Bad input: names the field that is wrong. Nothing was changed."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ConfigError(PvesmbgwError):
    """The agent's own configuration file is unusable."""

    exit_code = EXIT_BAD_INPUT


class NotFoundError(PvesmbgwError):
    """A share or user named on the command line does not exist."""

    exit_code = EXIT_BAD_INPUT


class LockError(PvesmbgwError):
    """Another pvesmbgw command holds the lock for too long."""


class CommandError(PvesmbgwError):
    """A command run by the runner failed (non-zero exit, or could not start)."""

    def __init__(self, argv: Sequence[str], returncode: int, stdout: str, stderr: str) -> None:
        self.argv = list(argv)
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        detail = (stderr.strip() or stdout.strip()).splitlines()
        last = detail[-1] if detail else "no output"
        super().__init__(f"{' '.join(self.argv)} failed (exit {returncode}): {last}")

    def details(self) -> str:
        """Multi-line description for logs."""
        return (f"Command: {self.argv}\nExit code: {self.returncode}\n"
                f"Stdout: {self.stdout}\nStderr: {self.stderr}")


class CommandTimeout(CommandError):
    """A command ran past its timeout and was killed."""


class ApplyError(PvesmbgwError):
    """An operation failed part-way and was rolled back."""


class InjectedFault(ApplyError):
    """Raised by the fault-injection test seam (PVESMBGW_FAULT_AT)."""
