"""The report a check of the meeting file fills in: each check with its verdict, in the clerk's words."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class VerifyReport:
    """What was checked, each with its verdict; ``ok`` only when every check passed."""

    checks: list[tuple[str, bool, str]] = field(default_factory=list)

    def add(self, name: str, ok: bool, detail: str = "") -> None:
        self.checks.append((name, ok, detail))

    @property
    def ok(self) -> bool:
        return all(ok for _, ok, _ in self.checks)

    def lines(self) -> list[str]:
        return [f"{'通过' if ok else '失败'}  {name}{'：' + detail if detail else ''}" for name, ok, detail in self.checks]
