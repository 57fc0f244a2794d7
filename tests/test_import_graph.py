"""No import cycles between the parts of the codesign package.

Each package directly under codesign/ (ideas, comments, ...) is one node, and
so is each module in its root (search.py, permissions.py, ...). An edge is any
import one part makes of another, at module level or inside a function, relative
or absolute. A cycle between parts means neither can be understood, tested or
moved without the other, so none is allowed."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "codesign"


def _module_name(path, root):
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _exists(module, root):
    """True if the dotted name is a module or package of the source tree."""
    path = root.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imported(path, root):
    """The codesign modules a file imports, as dotted names."""
    name = _module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "codesign")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module
            if base.split(".")[0] != "codesign":
                continue
            for alias in node.names:
                # `from . import search` names a module; `from .models import Idea` a name in one.
                candidate = f"{base}.{alias.name}"
                found.add(candidate if _exists(candidate, root) else base)
    return found


def part_of(module):
    """The node a module belongs to: codesign.ideas.routes -> codesign.ideas."""
    return ".".join(module.split(".")[:2])


def import_graph(root=PACKAGE):
    graph = {}
    for path in sorted(root.rglob("*.py")):
        name = _module_name(path, root)
        edges = graph.setdefault(part_of(name), {})
        for module in _imported(path, root):
            if part_of(module) != part_of(name):
                edges.setdefault(part_of(module), f"{name} imports {module}")
    return graph


def tangles(graph):
    """The groups of parts that import each other, directly or round a loop
    (strongly connected components of more than one node, by Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _explain(graph, group):
    return "\n".join(f"  {why}" for source in group
                     for target, why in sorted(graph[source].items()) if target in group)


def test_the_graph_reads_every_kind_of_import(tmp_path):
    package = tmp_path / "codesign"
    (package / "ideas").mkdir(parents=True)
    (package / "comments").mkdir()
    for path in ("__init__.py", "ideas/__init__.py", "comments/__init__.py", "search.py"):
        (package / path).write_text("")
    (package / "ideas" / "routes.py").write_text(
        "from ..comments import views\n"
        "from .. import search\n")
    (package / "comments" / "views.py").write_text(
        "def later():\n"
        "    import codesign.search\n"
        "    from codesign.ideas.routes import thing\n")
    graph = import_graph(package)
    assert set(graph["codesign.ideas"]) == {"codesign.comments", "codesign.search"}
    assert set(graph["codesign.comments"]) == {"codesign.search", "codesign.ideas"}
    assert tangles(graph) == [["codesign.comments", "codesign.ideas"]]


def test_a_cycle_is_found_however_long_it_is():
    graph = {"a": {"b": "a imports b"}, "b": {"c": "b imports c"}, "c": {"a": "c imports a"},
             "d": {"a": "d imports a"}}
    assert tangles(graph) == [["a", "b", "c"]]
    assert tangles({"a": {"b": ""}, "b": {}}) == []


def test_no_import_cycle_between_packages():
    graph = import_graph()
    groups = tangles(graph)
    assert groups == [], "parts of codesign that import each other:\n" + "\n\n".join(
        _explain(graph, group) for group in groups)
