"""The package's import graph: no circles, and no module imports another's private names.

Every import inside ``pmo_forecast`` counts, those inside functions too (a lazy import is
still a dependency); imports under ``if TYPE_CHECKING:`` are for annotations and do not.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pmo_forecast"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    base = module.split(".") if is_package else module.split(".")[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def _is_type_checking(node: ast.If) -> bool:
    return isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING" or (
        isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")


def _imports(path: Path):
    """(imported module, imported names) for every runtime import in ``path``."""
    module = _module_name(path)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and _is_type_checking(node)
            for n in ast.walk(node) if n is not node}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                target = _resolve(module, is_package, node.level, node.module)
            elif (node.module or "").startswith("pmo_forecast"):
                target = node.module
            else:
                continue
            yield target, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("pmo_forecast"):
                    yield a.name, []


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _graph() -> dict[str, set[str]]:
    graph = {m: set() for m in MODULES}
    for m, path in MODULES.items():
        for target, names in _imports(path):
            for name in names or [None]:
                sub = f"{target}.{name}" if name else None
                dep = sub if sub in MODULES else target
                if dep in MODULES and dep != m and not (m == "pmo_forecast" or dep == "pmo_forecast"):
                    graph[m].add(dep)
    return graph


def test_no_import_circles():
    graph = _graph()
    seen, stack, cycles = set(), [], []

    def visit(m):
        if m in stack:
            cycles.append(stack[stack.index(m):] + [m])
            return
        if m in seen:
            return
        seen.add(m)
        stack.append(m)
        for d in sorted(graph[m]):
            visit(d)
        stack.pop()

    for m in sorted(graph):
        visit(m)
    assert not cycles, "import circles: " + "; ".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_import_of_another_modules_private_names(module):
    private = [(target, n) for target, names in _imports(MODULES[module]) for n in names
               if n.startswith("_") and not n.startswith("__")]
    assert not private, f"{module} imports private names: {private}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_docstring_names_another_modules_private_names(module):
    # a private name is the module's own: another module's docstring pointing at it points at a name that may go
    source = MODULES[module].read_text(encoding="utf-8")
    tree = ast.parse(source)
    own = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}
    own |= {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign | ast.AnnAssign)
            for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}
    refs = re.findall(r":(?:func|data|class|meth|attr):`~?([\w.]+)`", source)
    private = sorted({r for r in refs if re.match(r"_[^_]", r.rsplit(".", 1)[-1]) and ("." in r or r not in own)})
    assert not private, f"{module}'s docstrings name private names of other modules: {private}"


def _floors() -> dict[str, int]:
    """Floor number of every module, read from the table in ARCHITECTURE.md."""
    text = (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    floors = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            sub = cells[1].strip("`")
            for mod in re.findall(r"`(\w+)`", cells[3]):
                floors[f"pmo_forecast.{sub}.{mod}" if sub.isidentifier() else f"pmo_forecast.{mod}"] = int(cells[0])
    return floors


def test_architecture_md_lists_every_module_once():
    listed = set(_floors())
    files = {m for m, p in MODULES.items() if p.name != "__init__.py"}
    assert listed == files, f"missing from ARCHITECTURE.md: {sorted(files - listed)}; listed but absent: {sorted(listed - files)}"


def test_no_module_imports_a_higher_floor():
    floors, graph = _floors(), _graph()
    floor_of = {**floors, **{m: floors[next(k for k in floors if k.startswith(m + "."))]
                             for m, p in MODULES.items() if p.name == "__init__.py" and m != "pmo_forecast"}}
    upward = [(m, d) for m in floors for d in graph[m] if floor_of[d] > floors[m]]
    assert not upward, "imports of a higher floor: " + "; ".join(f"{m} -> {d}" for m, d in upward)


def test_readme_folder_table_names_every_floor():
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    subpackages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    missing = [s for s in subpackages if f"`pmo_forecast/{s}/`" not in readme]
    assert not missing, f"README's folder table lacks {missing}"


def _defined(path: Path) -> set[str]:
    """The names a module defines at its top level (functions, classes, assignments), not those it imports."""
    out = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                out |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return out


def _imported_from_the_package(path: Path) -> dict[str, str]:
    """The names a module binds at its top level by importing them from another module of the package,
    with that module (what the module re-exports)."""
    module, is_package = _module_name(path), path.name == "__init__.py"
    out, todo = {}, list(ast.parse(path.read_text(encoding="utf-8")).body)
    while todo:  # the top level, inside try/if blocks too; not inside functions or classes
        node = todo.pop()
        if isinstance(node, ast.If | ast.Try):
            if not (isinstance(node, ast.If) and _is_type_checking(node)):
                todo += [*node.body, *node.orelse, *getattr(node, "finalbody", []),
                         *(n for h in getattr(node, "handlers", []) for n in h.body)]
        elif isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("pmo_forecast")):
            target = _resolve(module, is_package, node.level, node.module) if node.level else node.module
            out |= {a.asname or a.name: target for a in node.names}
    return out


def test_the_package_imports_names_from_their_homes():
    # a module that re-exports names for users (inputs.mapping since the split, inputs.parsing, forecasting.
    # overrun) is not where the package imports them from: the import names the module that defines them,
    # so moving a name shows every user of it. Subpackage __init__ files and the root are import paths by design.
    through = []
    for m, p in MODULES.items():
        for target, names in _imports(p):
            if target not in MODULES or MODULES[target].name == "__init__.py":
                continue
            own, reexported = _defined(MODULES[target]), _imported_from_the_package(MODULES[target])
            through += [f"{m} imports {n} from {target}, which has it from {reexported[n]}"
                        for n in names if n in reexported and n not in own]
    assert not through, "imported through a re-export:\n" + "\n".join(through)


# Modules still importing the schema inside functions, not yet tidied; the list only shrinks.
# The command line keeps it lazy on purpose: the schema imports pandas, and `pmo-forecast --help` should not.
SCHEMA_IMPORTED_IN_FUNCTIONS = {
    "pmo_forecast.cli", "pmo_forecast.reporting.assumptions_sheet",
    "pmo_forecast.reporting.capacity_sheet", "pmo_forecast.reporting.export", "pmo_forecast.reporting.pack_sheets",
    "pmo_forecast.reporting.project_forecasts", "pmo_forecast.reporting.widgets",
}


@pytest.mark.parametrize("module", sorted(set(MODULES) - SCHEMA_IMPORTED_IN_FUNCTIONS))
def test_the_schema_is_imported_once_at_the_top(module):
    # `from ..core import schema as S` at module level, as the package does: an import repeated inside
    # functions hides the dependency and is one more line to keep in step
    path = MODULES[module]
    inner = [f"{module}:{n.lineno}" for f in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) for n in ast.walk(f)
             if isinstance(n, ast.ImportFrom) and (n.level or (n.module or "").startswith("pmo_forecast"))
             and (_resolve(module, path.name == "__init__.py", n.level, n.module) if n.level else n.module)
             in {"pmo_forecast.core", "pmo_forecast.core.schema"}
             and any(a.name == "schema" or (n.module or "").endswith("schema") for a in n.names)]
    assert not inner, f"the schema imported inside functions: {inner}"
