"""The package's import graph: no cycle anywhere, and the model on the ground floor.

Every ``import`` statement counts, at any depth: inside functions and under
``TYPE_CHECKING`` too, since a cycle there is one refactoring away from a
runtime failure.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "ldnrefs"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _target(name: str) -> str | None:
    """The package module ``name`` refers to, or None outside the package."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    """The package modules ``module`` imports, anywhere in its body."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(target for alias in node.names if (target := _target(alias.name)))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                target = _target(f"{base}.{alias.name}") if f"{base}.{alias.name}" in MODULES else _target(base)
                if target:
                    found.add(target)
    found.discard(module)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def _cycle() -> list[str] | None:
    """One cycle of the graph as a path of module names, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[module] = 2
        return None

    for module in sorted(GRAPH):
        if module not in state and (found := visit(module)):
            return found
    return None


def test_the_package_has_no_import_cycle() -> None:
    cycle = _cycle()
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_model_stands_on_errors_and_identifiers_alone() -> None:
    assert GRAPH["ldnrefs.model"] == {"ldnrefs.errors", "ldnrefs.identifiers"}
    assert GRAPH["ldnrefs.errors"] == set()
    assert GRAPH["ldnrefs.numbers"] == set()  # the one helper for whole numbers, a leaf
    assert GRAPH["ldnrefs.identifiers"] == {"ldnrefs.errors", "ldnrefs.numbers"}


def test_the_graph_sees_imports_inside_functions() -> None:
    """The walk is not fooled by lazy imports: the CLI imports the checker inside a function."""
    assert "ldnrefs.check" in GRAPH["ldnrefs.cli"]
    assert "ldnrefs.resolve" in GRAPH["ldnrefs"]  # under TYPE_CHECKING and in __getattr__


def test_a_cycle_would_be_found() -> None:
    """The detector itself: an edge back from the model to the build step is a cycle."""
    GRAPH["ldnrefs.model"].add("ldnrefs.build")
    try:
        assert _cycle() is not None
    finally:
        GRAPH["ldnrefs.model"].discard("ldnrefs.build")
