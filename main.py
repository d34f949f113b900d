"""Pingyi 评议: `python main.py [FILE]` opens the window; sub-commands (cli/) work headless."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--demo"]:
        from ui.app import run_gui

        return run_gui(None, demo=True)
    if argv and not argv[0].lower().endswith(".pingyi"):
        from cli.console import attach_console

        attach_console()  # Windows build: print into the terminal that started it
    if argv == ["--self-test"]:  # the built program proves itself: headless steps (cli/), then the GUI (ui/)
        from cli.selftest import run_self_test
        from ui.self_test import GUI_STEPS

        return run_self_test(GUI_STEPS)
    if argv and (argv[0].startswith("-") or not argv[0].lower().endswith(".pingyi")):
        from cli import run_command

        return run_command(argv)
    from ui.app import run_gui

    return run_gui(argv[0] if argv else None)


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # the built program: scanning's worker processes start here, not main()
    sys.exit(main())
