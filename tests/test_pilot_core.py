"""The pilots' core (statistics, verdict, CSV, chart) stays free of Flask, the database and
the other codesign packages, so it can be tested alone and reused by the pages and the API."""
import ast
from pathlib import Path

import codesign.pilots

CORE = ("stats.py", "verdict.py", "csvfile.py", "chart.py")
# The axis arithmetic the site's charts share with the pilot chart, itself
# held to the same rule below.
SHARED = "chartaxis"
ALLOWED = {"csv", "dataclasses", "datetime", "decimal", "enum", "io", "math", "re",
           "markupsafe", "scipy", "statistics"}


def test_the_core_modules_import_only_the_standard_library_and_the_statistics_libraries():
    folder = Path(codesign.pilots.__file__).parent
    for name in CORE:
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level == 2 and node.module == SHARED:
                    continue
                if node.level:  # relative: only the core's own modules
                    assert f"{node.module}.py" in CORE, (name, node.module)
                    continue
                modules = [node.module]
            else:
                continue
            for module in modules:
                assert module.split(".")[0] in ALLOWED, (name, module)


def test_the_shared_axis_module_imports_only_the_standard_library():
    path = Path(codesign.pilots.__file__).parent.parent / f"{SHARED}.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert not node.level and node.module.split(".")[0] in ALLOWED, node.module
        elif isinstance(node, ast.Import):
            assert all(alias.name.split(".")[0] in ALLOWED for alias in node.names)
