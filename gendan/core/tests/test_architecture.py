"""The shape of the code: modules stay readable; no app's files import each other in a ring.

These read the source files; they import nothing of the apps.  The layers between apps
are checked by ``lint-imports`` (``make test`` runs it; contracts in ``pyproject.toml``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]  # gendan/
MAX_LINES = 800
# The demo's story texts and sample data are prose and tables, not logic.
DEMO_TEXTS = {"demo/conversations.py", "demo/stories.py", "demo/data.py"}


def _modules() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
    ]


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _runtime_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Every import that can run: at the top or inside a function, not for type checking.

    An import moved into a function still ties the two files together; only an import
    under ``if TYPE_CHECKING:`` never runs.
    """
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If) and _is_type_checking(node):
            pending.extend(node.orelse)
        else:
            pending.extend(ast.iter_child_nodes(node))
    return found


def _targets(module: str, is_package: bool, node: ast.Import | ast.ImportFrom, known: set[str]):
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
        return
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        origin = ".".join(base + ([node.module] if node.module else []))
    else:
        origin = node.module or ""
    for alias in node.names:
        candidate = f"{origin}.{alias.name}"
        yield candidate if candidate in known else origin


def _import_graph() -> dict[str, set[str]]:
    paths = {_name(path): path for path in _modules()}
    known = set(paths)
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in _runtime_imports(tree):
            for target in _targets(name, path.name == "__init__.py", node, known):
                if target in known and target != name:
                    graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _app(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_no_module_is_longer_than_800_lines():
    long = {
        str(path.relative_to(PACKAGE)): count
        for path in _modules()
        if str(path.relative_to(PACKAGE)) not in DEMO_TEXTS
        and (count := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}, "split these modules by what they are"


def test_no_app_has_an_import_cycle_between_its_files():
    graph = _import_graph()
    within_apps = {
        name: {target for target in targets if _app(target) == _app(name)}
        for name, targets in graph.items()
    }
    assert _cycles(within_apps) == []


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_cycle_finder_finds_rings_and_only_rings(sources, expected):
    assert _cycles(sources) == expected


def test_imports_inside_functions_count_and_type_checking_blocks_do_not():
    tree = ast.parse(
        "import os\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    import json\n"
        "def f():\n    import re\n"
    )
    names = sorted(alias.name for node in _runtime_imports(tree) for alias in node.names)
    assert names == ["TYPE_CHECKING", "os", "re"]
