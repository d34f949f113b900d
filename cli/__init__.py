"""The command line: one module per group of sub-commands, each a thin adapter from arguments to
``models`` operations (and ``printing``/``scanning``) and back to text or JSON.

``main.py`` builds the parser from here and dispatches; nothing else imports ``cli``.  Only the
module of the command being run is imported, so a command does not pay for the others' imports.
Exit codes: 0 success, 1 refused (a Chinese sentence on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys

#: module → the sub-commands it adds with ``register(subparsers)``
COMMAND_MODULES = {
    "cli.setup": ("demo", "new", "roster-template", "import-setup", "export-setup"),
    "cli.ballots": ("ballots",),
    "cli.counting": ("tally", "decide", "flag", "unflag", "finalize", "reopen"),
    "cli.forms": ("forms",),
    "cli.documents": ("print", "export", "archive"),
    "cli.verify": ("verify",),
    "cli.ledger": ("ledger", "carry-over"),
    "cli.materials": ("materials",),
    "cli.scan": ("scan", "review"),
    "cli.stations": ("station", "merge"),
}


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"用法错误：{message}\n请用 python main.py -h 查看可用的命令和参数。\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser with every sub-command, or only ``command``'s module when it is a known one."""
    parser = ChineseArgumentParser(prog="python main.py", description="Pingyi 评议：述职评议会会务工具")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    owners = [m for m, commands in COMMAND_MODULES.items() if command in commands] or list(COMMAND_MODULES)
    for name in owners:
        importlib.import_module(name).register(sub)
    return parser


def run_command(argv: list[str]) -> int:
    """Run one sub-command; a refusal prints its Chinese sentence and returns its exit code."""
    from models.errors import PingyiError

    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    if "models.meeting.backup" in sys.modules:  # only this command's backup warnings are shown
        sys.modules["models.meeting.backup"].take_warnings()
    try:
        return args.run(args) or 0
    except PingyiError as err:
        print(str(err), file=sys.stderr)
        return err.exit_code
    except BrokenPipeError:  # e.g. `tally --json | head`: the reader left, nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (sqlite3.Error, OSError) as exc:  # any failure to read or write a file: one sentence, never a traceback
        from models.meeting.failures import explain_anywhere

        print(str(explain_anywhere(exc)), file=sys.stderr)
        return 1
    finally:
        backups = sys.modules.get("models.meeting.backup")  # a backup that could not be written warns once
        for line in backups.take_warnings() if backups else ():
            print(line, file=sys.stderr)
