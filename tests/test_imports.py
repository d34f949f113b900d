"""The house rules of DESIGN §9, read from the source with ``ast`` (no third-party tool):

* no import circle anywhere in the project, counting imports inside functions too;
* only ``ui/`` imports PySide6; ``models/`` imports neither PySide6 nor reportlab;
* dependencies point one way: main → ui, cli → printing, scanning → models; nothing imports cli/.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("models", "printing", "scanning", "cli", "ui")
#: which top-level parts each part may import
ALLOWED = {
    "models": {"models"},
    "printing": {"printing", "models"},
    "scanning": {"scanning", "printing", "models"},
    "cli": {"cli", "printing", "scanning", "models"},
    "ui": {"ui", "printing", "scanning", "models"},
    "main": {"cli", "ui", "models"},
}


def _modules() -> dict[str, Path]:
    found = {"main": ROOT / "main.py"}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _imported_names(module: str, path: Path) -> list[tuple[str, int]]:
    """Every module named by an import statement anywhere in the file (functions included)."""
    names: list[tuple[str, int]] = []
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from pkg import sub` names the submodule; `from mod import name` names the module
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
            names += [(s, node.lineno) for s in subs] or [(target, node.lineno)]
    return names


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        edges = set()
        for name, _ in _imported_names(module, path):
            while name and name not in MODULES:  # `import a.b.c` of a function's module: walk up
                name = name.rpartition(".")[0]
            if name and name != module and not module.startswith(name + "."):  # a package's own parents
                edges.add(name)
        graph[module] = edges
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_walker_sees_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_the_walker_reads_imports_inside_functions():
    source = MODULES["models.documents.texts"].read_text(encoding="utf-8")
    assert "    from models.run.minutes import" in source  # imported inside a function only
    assert "models.run.minutes" in _graph()["models.documents.texts"]


def test_no_import_circle_anywhere():
    assert _cycles(_graph()) == []


def _top(name: str) -> str:
    return name.split(".")[0]


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_dependencies_point_one_way(part):
    wrong = []
    for module, path in MODULES.items():
        if _top(module) != part:
            continue
        for name, line in _imported_names(module, path):
            top = _top(name)
            if top in ALLOWED and top not in ALLOWED[part]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
            if top in ("PySide6", "shiboken6") and part != "ui":
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name} (only ui/ uses Qt)")
            if top == "reportlab" and part == "models":
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {name} (models/ has no reportlab)")
    assert wrong == []


def test_models_is_subpackages_with_few_loose_modules():
    loose = sorted(p.stem for p in (ROOT / "models").glob("*.py") if p.stem != "__init__")
    assert len(loose) <= 4, loose
    for package in (ROOT / "models").iterdir():
        if package.is_dir() and (package / "__init__.py").exists():
            doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
            assert doc and len(doc) > 80, f"{package.name}/__init__.py needs a docstring saying what lives there"


def test_command_line_lives_in_cli():
    strays = [str(p.relative_to(ROOT)) for p in ROOT.rglob("cli_*.py") if ".venv" not in p.parts]
    assert strays == []


def test_no_module_over_400_lines():
    long = {m: n for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert long == {}
