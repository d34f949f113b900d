"""Pingyi 评议: `python main.py [FILE]` opens the window; sub-commands work headless."""

from __future__ import annotations

import argparse
import importlib
import sys

#: modules that each add their sub-commands with ``register(subparsers)``
COMMAND_MODULES = [
    "models.cli_setup",
    "models.cli_ballots",
    "models.cli_tally",
    "printing.cli_forms",
    "printing.cli_documents",
    "printing.cli_verify",
]


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"用法错误：{message}\n请用 python main.py -h 查看可用的命令和参数。\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="python main.py", description="Pingyi 评议：述职评议会会务工具")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseArgumentParser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def run_command(argv: list[str]) -> int:
    from models.errors import PingyiError

    args = build_parser().parse_args(argv)
    if not getattr(args, "run", None):
        build_parser().print_help()
        return 2
    try:
        return args.run(args) or 0
    except PingyiError as err:
        print(str(err), file=sys.stderr)
        return err.exit_code


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--demo"]:
        from ui.app import run_gui

        return run_gui(None, demo=True)
    if argv and (argv[0].startswith("-") or not argv[0].lower().endswith(".pingyi")):
        return run_command(argv)
    from ui.app import run_gui

    return run_gui(argv[0] if argv else None)


if __name__ == "__main__":
    sys.exit(main())
