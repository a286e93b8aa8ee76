"""The layering of ARCHITECTURE.md, checked on the source: no upward import, no cycle.

Every ``import`` in derive/ counts, including those inside functions (a lazy
import is still a dependency). The layer table below is the one ARCHITECTURE.md
states; a package may import its own modules and packages of lower layers only,
never a package of its own layer or above it, and no two packages import each
other, directly or through others.
"""
import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "derive"

# Lowest first. Packages on one line are beside each other: neither imports the other.
# "derive" is the package root (its __init__: the public API and __version__).
LAYERS = (
    ("errors",),
    ("text",),
    ("notation",),
    ("circuit",),
    ("solver",),
    ("derivation",),
    ("render", "schematic", "spice"),
    ("analysis",),
    ("checker",),
    ("notebook",),
    ("derive",),
    ("web",),
    ("cli",),
    ("__main__",),
)
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def module_name(path, root=ROOT):
    """``derive/render/text.py`` -> ``derive.render.text``; a package's __init__ is the package."""
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def unit(module):
    """The layer unit of a module: its subpackage, a top-level module, or the root."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "derive"


def imported_names(path, module):
    """Every dotted name ``path`` imports (absolute), anywhere in the file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            # "from . import x" / "from ..text import escape": x may be a module;
            # build_graph keeps the longest prefix that is one (the module, else
            # the package it comes from)
            found |= {f"{prefix}.{a.name}" for a in node.names}
    return found


def build_graph(root=ROOT):
    """{module: set of derive modules it imports} for the package under ``root``."""
    paths = {module_name(p, root): p for p in sorted((root / "derive").rglob("*.py"))}
    graph = {}
    for module, path in paths.items():
        targets = set()
        for name in imported_names(path, module):
            while name and name not in paths:
                name = name.rpartition(".")[0]
            if name and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def upward_imports(graph):
    """Imports of a package of the same layer or above, as sentences."""
    found = []
    for module, targets in graph.items():
        for target in targets:
            a, b = unit(module), unit(target)
            if a != b and LAYER[b] >= LAYER[a]:
                found.append(f"{module} imports {target} ({a} may not import {b})")
    return sorted(found)


def cycles(graph):
    """The import cycles: strongly connected components (Tarjan) of more than one module."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
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

    for v in graph:
        if v not in index:
            visit(v)
    return found


@pytest.fixture(scope="module")
def graph():
    return build_graph()


def test_every_package_has_a_layer(graph):
    missing = sorted({unit(m) for m in graph} - set(LAYER))
    assert not missing, f"add {missing} to the layer table in ARCHITECTURE.md and LAYERS here"


def test_architecture_md_states_the_same_layers():
    text = (ROOT / "ARCHITECTURE.md").read_text("utf-8")
    table = re.search(r"<!-- layers -->\n(.*?)<!-- /layers -->", text, re.S).group(1)
    rows = [tuple(re.findall(r"`([\w]+)`", line.split("|")[2])) for line in table.splitlines()
            if line.startswith("|") and not set(line) <= set("|- ")]
    assert tuple(r for r in rows if r) == LAYERS


def test_imports_point_down_only(graph):
    assert not upward_imports(graph), "\n".join(upward_imports(graph))


def package_graph(graph):
    """{package: set of other packages it imports}."""
    packages = {}
    for module, targets in graph.items():
        packages.setdefault(unit(module), set()).update(unit(t) for t in targets if unit(t) != unit(module))
    return packages


def test_no_import_cycle_between_packages(graph):
    found = cycles(package_graph(graph))
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_no_import_cycle_between_modules(graph):
    """Inside a package too: two modules that import each other (even lazily)
    are one module in two files, or a sign that something belongs lower."""
    found = cycles(graph)
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_the_checks_catch_an_upward_import_and_a_cycle(tmp_path):
    """Not vacuous: a fake tree with render importing notebook, and two modules importing each other."""
    files = {
        "derive/__init__.py": "",
        "derive/render/__init__.py": "",
        "derive/render/latex.py": "def f():\n    from ..notebook import build\n",
        "derive/notebook/__init__.py": "",
        "derive/notebook/build.py": "from .practice import make\n",
        "derive/notebook/practice.py": "from derive.render.latex import x\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    fake = build_graph(tmp_path)
    assert "derive.render.latex imports derive.notebook.build (render may not import notebook)" \
        in upward_imports(fake)
    assert not [u for u in upward_imports(fake) if "practice" in u or "build imports" in u]
    assert cycles(package_graph(fake)) == [["notebook", "render"]]
    assert cycles(fake) == [["derive.notebook.build", "derive.notebook.practice",
                             "derive.render.latex"]]


def test_the_methods_a_circuit_may_name_are_the_strategies():
    from derive.circuit.circuit import METHODS
    from derive.derivation import STRATEGIES

    assert tuple(STRATEGIES) == METHODS


def test_one_definition_of_each_shared_concept():
    """``grep`` finds one home for ground, the methods and the languages, and
    the catalog files are read by derive.text alone (the one front-end)."""
    sources = {p.relative_to(ROOT).as_posix(): p.read_text("utf-8") for p in PACKAGE.rglob("*.py")}

    def homes(pattern):
        return sorted(p for p, s in sources.items() if re.search(pattern, s, re.M))

    assert homes(r"^GROUND\s*=") == ["derive/circuit/nodes.py"]
    assert homes(r"^METHODS\s*=") == ["derive/circuit/circuit.py"]
    assert homes(r"^LANG(UAGE)?S\s*=") == ["derive/text/__init__.py"]
    assert homes(r"[\"']catalogs[\"']") == ["derive/text/__init__.py"]


def test_sources_are_cited_by_title_not_by_file_number():
    """The source documents are "the superposition article", "the Wikipedia article",
    "the overview" (docs/sources.md), never "seed 002" or "el documento 001"."""
    cited = re.compile(r"seed[ _-]?00\d|documento 00\d|seeds/", re.I)
    paths = [ROOT / "README.md", ROOT / "ARCHITECTURE.md", *(ROOT / "docs").rglob("*.md"),
             *PACKAGE.rglob("*.*"), *(ROOT / "notebooks").rglob("*.ipynb")]
    found = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in paths if p.suffix in (".py", ".json", ".net", ".md", ".ipynb")
             for m in cited.finditer(p.read_text("utf-8"))]
    assert not found, "\n".join(found)


def test_no_import_cycle_between_the_analysis_modules(graph):
    # budget reads noise (its noise row), noise does not read budget: the part data live in analysis.parts.
    analysis = {m: {t for t in ts if t.startswith("derive.analysis.")}
                for m, ts in graph.items() if m.startswith("derive.analysis.")}
    assert not cycles(analysis), cycles(analysis)
