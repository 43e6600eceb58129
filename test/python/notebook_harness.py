"""Run Databricks notebook source files (`# Databricks notebook source`) without Databricks.

Notebooks are plain Python files whose cells are separated by `# COMMAND ----------`; markdown and
magic commands are `# MAGIC` comments. This harness executes chosen cells, or a whole notebook (with
its `# MAGIC %run ./other` includes), in a fresh namespace with a small stand-in for `dbutils`.
Spark is not available here, so only cells that do not touch Spark can run.
"""

import ast
import contextlib
import os
import re
import sys
import types
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED_NOTEBOOKS = REPO / "pipelines" / "kafka_to_lakebase" / "notebooks"
TEMPLATE_NOTEBOOKS = REPO / "templates" / "streaming_postgres" / "files" / "notebooks"

CELL_SEPARATOR = re.compile(r"^# COMMAND -+\s*$", re.MULTILINE)
RUN_INCLUDE = re.compile(r"^# MAGIC %run +(\S+)\s*$", re.MULTILINE)


class FakeWidgets:
    def __init__(self, values):
        self.values = dict(values)

    def get(self, name):
        if name not in self.values:
            # What Databricks raises for a widget that was never declared.
            raise ValueError(f"InputWidgetNotDefined: {name}")
        return self.values[name]

    def text(self, name, default_value, label=None):
        self.values.setdefault(name, default_value)


class FakeSecrets:
    def __init__(self, values):
        self.values = dict(values)

    def get(self, scope, key):
        return self.values[f"{scope}/{key}"]


class FakeDbutils:
    """Widgets and secrets only; anything else (notebook context, library) raises AttributeError."""

    def __init__(self, widgets=None, secrets=None):
        self.widgets = FakeWidgets(widgets or {})
        self.secrets = FakeSecrets(secrets or {})


def cells(path):
    """The code of each cell, in order (the first line, '# Databricks notebook source', dropped)."""
    return [c.strip("\n") for c in CELL_SEPARATOR.split(Path(path).read_text(encoding="utf-8"))]


def defined_names(cell):
    names = set()
    for node in ast.parse(cell).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def cell_defining(path, name):
    """The one cell of the notebook that defines `name` at its top level."""
    found = [c for c in cells(path) if name in defined_names(c)]
    if len(found) != 1:
        raise LookupError(f"{path}: {len(found)} cells define {name}")
    return found[0]


def cell_importing(path, module):
    """The first cell that imports `module` at its top level (also inside try/except)."""
    for cell in cells(path):
        for node in ast.walk(ast.parse(cell)):
            if isinstance(node, ast.Import) and any(a.name == module for a in node.names):
                return cell
    raise LookupError(f"{path}: no cell imports {module}")


def run_cell(cell, namespace, path):
    exec(compile(cell, str(path), "exec"), namespace)


def load_definitions(path, names, namespace=None):
    """Execute, in notebook order, the cells that define `names` (and nothing else)."""
    namespace = {"__name__": "__notebook__"} if namespace is None else namespace
    wanted = {cell_defining(path, name) for name in names}
    for cell in cells(path):
        if cell in wanted:
            run_cell(cell, namespace, path)
    return namespace


def run_notebook(path, namespace):
    """Execute every cell of a notebook in order, following `# MAGIC %run ./x` includes."""
    path = Path(path)
    for cell in cells(path):
        include = RUN_INCLUDE.search(cell)
        if include:
            target = (path.parent / include.group(1)).resolve()
            run_notebook(target if target.suffix == ".py" else target.with_name(target.name + ".py"), namespace)
            continue
        run_cell(cell, namespace, path)
    return namespace


@contextlib.contextmanager
def working_directory(folder):
    """Databricks Runtime starts a notebook with its own folder as the working directory."""
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@contextlib.contextmanager
def module_missing(name):
    """Make `import <name>` fail with ImportError, as on a cluster without the package."""
    saved = {k: v for k, v in sys.modules.items() if k == name or k.startswith(name + ".")}
    for key in saved:
        del sys.modules[key]
    sys.modules[name] = None  # the import system raises ImportError for a None entry
    try:
        yield
    finally:
        del sys.modules[name]
        sys.modules.update(saved)


@contextlib.contextmanager
def psycopg_or_stand_in():
    """The real psycopg when installed; otherwise an empty stand-in, for cells that only need the
    import to succeed (their code never calls psycopg)."""
    try:
        import psycopg  # noqa: F401

        yield
        return
    except ImportError:
        pass
    fake = types.ModuleType("psycopg")
    fake.sql = types.ModuleType("psycopg.sql")
    sys.modules["psycopg"] = fake
    sys.modules["psycopg.sql"] = fake.sql
    try:
        yield
    finally:
        del sys.modules["psycopg"]
        del sys.modules["psycopg.sql"]


def psycopg_available():
    try:
        import psycopg  # noqa: F401

        return True
    except ImportError:
        return False
