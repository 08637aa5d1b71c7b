"""A command-line program of the package: how its commands are registered, and its one
path from an error to a message and an exit code. pve-smbgateway is one such program;
the service launcher will be another, with the same behaviour."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TYPE_CHECKING, Any, Callable, NoReturn, Optional, Sequence

from ..core.errors import EXIT_BAD_INPUT, EXIT_FAILED, PvesmbgwError
from ..core.text import undecodable
from ..core.i18n import N_, _, bind_argparse
from .output import FORMATS, emit_json

EXIT_PIPE_CLOSED = 128 + 13  # what a shell reports for a program SIGPIPE ended

# A command's handler: the program's context (what the command works on) and the
# parsed arguments in, the exit code out.
Handler = Callable[[Any, argparse.Namespace], int]
# Builds the context once the arguments are parsed: (args, report for dry-run lines).
ContextFactory = Callable[[argparse.Namespace, Callable[[str], None]], Any]

DEBUG_ENV = "PVESMBGW_DEBUG"

# argparse's own messages that help and usage errors show (Python 3.11's wording),
# extracted into the .pot from here and looked up by argparse (core/i18n.bind_argparse).
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"),
    N_("show this help message and exit"), N_("show program's version number and exit"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("one of the arguments %s is required"), N_("not allowed with argument %s"),
    N_("expected one argument"), N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)

if TYPE_CHECKING:
    _SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:  # not subscriptable at run time
    _SubParsers = argparse._SubParsersAction


class _LazySubParsers(_SubParsers):
    """The top-level commands, each filled in (options, actions) only when it is the one
    chosen: building every command's parser cost more than `list` itself does, and a
    command's --help and errors need only its own."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.builders: dict[str, Callable[[], None]] = {}

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: Optional[str] = None) -> None:
        build = self.builders.pop(values[0], None)
        if build is not None:
            build()
        super().__call__(parser, namespace, values, option_string)


class App:
    def __init__(self, prog: str, description: str, epilog: str, version: str) -> None:
        self.prog = prog
        bind_argparse()
        app = self

        class Parser(argparse.ArgumentParser):
            """Usage errors are one line and exit 2, like every other bad input."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                # Options that take a value take it once: argparse would keep the last.
                self.register("action", None, _StoreOnce)
                self.register("action", "store", _StoreOnce)

            def error(self, message: str) -> NoReturn:
                sys.stderr.write(_("{prog}: error: {message} (see '{command} --help')").format(
                    prog=app.prog, message=message, command=self.prog) + "\n")
                sys.exit(EXIT_BAD_INPUT)

        self.parser_class = Parser
        self.parser = Parser(prog=prog, description=description, epilog=epilog,
                             formatter_class=argparse.RawDescriptionHelpFormatter)
        _common(self.parser, top=True)
        self.parser.add_argument("--version", action="version", version=f"%(prog)s {version}")
        self.top = self.actions(self.parser, "command", metavar="COMMAND", lazy=True)

    def actions(self, parser: argparse.ArgumentParser, dest: str,
                metavar: str = "ACTION", required: bool = True, lazy: bool = False) -> Any:
        """The sub-commands of PARSER (a command that has actions of its own)."""
        kind = _LazySubParsers if lazy else _SubParsers
        sub = parser.add_subparsers(dest=dest, metavar=metavar, parser_class=self.parser_class,
                                    action=kind)
        sub.required = required
        return sub

    def command(self, name: str, handler: Optional[Handler], help: str,
                parent: Any = None,
                build: Optional[Callable[[argparse.ArgumentParser], None]] = None,
                ) -> argparse.ArgumentParser:
        """Register command NAME (under PARENT's actions, or at the top) run by HANDLER;
        a command that only groups actions has no handler. BUILD adds its arguments and
        actions: at the top, only once the command is chosen."""
        sub = parent or self.top
        p: argparse.ArgumentParser = sub.add_parser(name, help=help, description=help)
        p.set_defaults(handler=handler)

        def fill() -> None:
            _common(p, top=False)
            if build is not None:
                build(p)
        if isinstance(sub, _LazySubParsers):
            sub.builders[name] = fill
        else:
            fill()
        return p

    def run(self, argv: Optional[Sequence[str]], context: ContextFactory) -> int:
        """Parse ARGV, run the command's handler, and turn errors into one line on
        stderr and the error's exit code (2: bad input, nothing changed; 1: failed)."""
        words = list(sys.argv[1:] if argv is None else argv)
        not_text = _undecodable(words)
        if not_text is not None:
            sys.stderr.write(_("{prog}: error: {argument}: must be UTF-8 text").format(
                prog=self.prog, argument=not_text) + "\n")
            return EXIT_BAD_INPUT
        args = self.parser.parse_args(words)
        debug = bool(os.environ.get(DEBUG_ENV))
        logging.basicConfig(level=logging.DEBUG if (args.verbose or debug) else logging.WARNING,
                            format=f"{self.prog}: %(levelname)s: %(message)s")
        plan_lines: list[str] = []

        def report(line: str) -> None:
            """Dry-run lines: printed as they come, or gathered for JSON on stderr."""
            if args.output_format == "text":
                print(line)
            else:
                plan_lines.append(line)

        try:
            code: int = args.handler(context(args, report), args)
            if args.dry_run and plan_lines:
                emit_json({"dry_run": plan_lines}, args.output_format, sys.stderr)
            sys.stdout.flush()  # here, where a closed pipe is caught below
            return code
        except PvesmbgwError as exc:
            if debug:
                raise
            text = str(exc).strip()
            message = text.splitlines()[0] if text else type(exc).__name__
            sys.stderr.write(_("{prog}: error: {message}").format(
                prog=self.prog, message=message) + "\n")
            return exc.exit_code
        except KeyboardInterrupt:
            sys.stderr.write(_("{prog}: interrupted").format(prog=self.prog) + "\n")
            return EXIT_FAILED
        except BrokenPipeError:
            # The reader went away (`| head`). What the command changed is done or rolled
            # back by now; end as a program killed by SIGPIPE does, without a traceback,
            # and point stdout at /dev/null so that the exit's flush cannot fail again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_PIPE_CLOSED


class _StoreOnce(argparse.Action):
    """Store an option's value, refusing a second one: `--quota 1G --quota 2G` would
    otherwise mean 2G without a word."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: Optional[str] = None) -> None:
        given: set[str] = namespace.__dict__.setdefault("_given_once", set())
        if option_string is not None and self.dest in given:
            parser.error(_("argument {option}: given more than once").format(
                option="/".join(self.option_strings)))
        given.add(self.dest)
        setattr(namespace, self.dest, values)


def _undecodable(words: Sequence[str]) -> Optional[str]:
    """The option (or 'argument N') whose value holds bytes that are no UTF-8, which
    Python hands over as lone surrogates; None when every word is text."""
    for i, word in enumerate(words):
        if undecodable(word):
            if word.startswith("--") and "=" in word:
                return word.split("=", 1)[0].lstrip("-")
            if i > 0 and words[i - 1].startswith("-"):
                return words[i - 1].lstrip("-")
            return _("argument {number}").format(number=i + 1)
    return None


def show_progress(args: argparse.Namespace) -> Optional[Callable[[str], None]]:
    """Progress lines go to stderr with -v or on a terminal; else nowhere."""
    if args.verbose or sys.stderr.isatty():
        return lambda line: print(line, file=sys.stderr)
    return None


def _common(parser: argparse.ArgumentParser, top: bool) -> None:
    """Global options, accepted before or after the command's name."""
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--config", metavar="FILE", default=default,
                        help=_("configuration file (default $PVESMBGW_CONFIG or "
                               "/etc/pvesmbgw/pvesmbgw.conf)"))
    parser.add_argument("--output-format", choices=FORMATS,
                        default="text" if top else argparse.SUPPRESS,
                        help=_("text (default), json (one line), or json-pretty"))
    parser.add_argument("--dry-run", action="store_true",
                        default=False if top else argparse.SUPPRESS,
                        help=_("print the commands and file changes, change nothing"))
    parser.add_argument("-v", "--verbose", action="store_true",
                        default=False if top else argparse.SUPPRESS,
                        help=_("show progress and debug logging on stderr"))
