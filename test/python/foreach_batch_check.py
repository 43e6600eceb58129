#!/usr/bin/env python3
"""Static check of the code a notebook hands to Structured Streaming's foreachBatch.

On standard-access clusters (Databricks Runtime 14+) the foreachBatch function runs in a separate
Python process, and whatever it hands to the executors runs in yet other processes. There, dbutils
(widgets, secrets, notebook context) does not exist and the files next to the notebook cannot be
read. So everything must be read on the driver and the function must only use plain values.

For every `<stream>.foreachBatch(f)` call in a notebook (with the notebooks it includes through
`# MAGIC %run ./x`), this script finds what `f` is — a function, `functools.partial(function, ...)`,
a lambda, or a callable class instance — and checks, by parsing the Python with `ast`:

* the function, and every notebook-level function or class it refers to (transitively), mentions none
  of the driver-only names below (dbutils, widgets, get_param, notebook_dir, sql_dir, open, Path,
  read_text, the global `spark`, ...) and pulls no rows to the driver (collect, toLocalIterator, ...);
* it reads no notebook-level variable other than a literal constant: values set on the driver
  (parameters, credentials, rendered SQL) must reach it as captured arguments;
* every value captured with `functools.partial` is a literal or an instance of a frozen dataclass of
  the notebook whose fields are plain (str, int, float, bool, bytes, or another such dataclass);
  the methods of those dataclasses are checked like functions.

Usage: foreach_batch_check.py NOTEBOOK.py...  → prints a JSON report on stdout, one entry per notebook.
"""

import ast
import json
import re
import sys
from pathlib import Path

# Names that only exist, or only work, in the notebook's own process on the driver.
FORBIDDEN_NAMES = {
    "dbutils", "spark", "sc", "sqlContext", "display", "displayHTML", "getArgument",
    "get_param", "declare_widgets", "notebook_dir", "sql_dir",
    "open", "Path", "__file__",
}
# The same for attributes: dbutils.widgets.get, Path(...).read_text(), os.getcwd(), ...
FORBIDDEN_ATTRIBUTES = {"widgets", "secrets", "notebook", "open", "read_text", "read_bytes", "getcwd", "getContext"}
# Bringing the rows of a micro-batch to the driver defeats the point of writing from the executors.
DRIVER_PULLS = {"collect", "collectAsList", "toLocalIterator", "toPandas", "take", "tail"}
PLAIN_ANNOTATIONS = {"str", "int", "float", "bool", "bytes", "tuple", "frozenset", "None", "Optional"}
PLAIN_CONSTRUCTORS = {"str", "int", "float", "bool", "bytes", "tuple", "frozenset"}

RUN_INCLUDE = re.compile(r"^# MAGIC %run +(\S+)\s*$", re.MULTILINE)


class Binding:
    """A notebook-level name: a def, a class, or one assignment to it."""

    def __init__(self, kind, node, file, value=None):
        self.kind = kind  # "def" | "class" | "assign" | "import"
        self.node = node
        self.file = file
        self.value = value


class Notebook:
    def __init__(self, path):
        self.path = Path(path).resolve()
        self.bindings = {}  # name -> [Binding], in source order, includes first
        self.trees = []  # (file, ast.Module) of the notebook and its includes
        self._load(self.path, set())

    def _load(self, path, seen):
        if path in seen:
            return
        seen.add(path)
        source = path.read_text(encoding="utf-8")
        # %run includes come first: their names are defined before the cells that use them.
        for match in RUN_INCLUDE.finditer(source):
            include = (path.parent / match.group(1)).resolve()
            if include.suffix != ".py":
                include = include.with_name(include.name + ".py")
            self._load(include, seen)
        tree = ast.parse(source, filename=str(path))
        self.trees.append((path, tree))
        self._collect(tree.body, path)

    def _collect(self, statements, file):
        for node in statements:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self._bind(node.name, Binding("def", node, file))
            elif isinstance(node, ast.ClassDef):
                self._bind(node.name, Binding("class", node, file))
            elif isinstance(node, ast.Assign):
                for target in node.targets:
                    for name in _target_names(target):
                        self._bind(name, Binding("assign", node, file, node.value))
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                for name in _target_names(node.target):
                    self._bind(name, Binding("assign", node, file, node.value))
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    self._bind((alias.asname or alias.name).split(".")[0], Binding("import", node, file))
            elif isinstance(node, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
                # Top-level blocks: their statements are notebook-level too.
                for field_name in ("body", "orelse", "finalbody"):
                    self._collect(getattr(node, field_name, []) or [], file)
                for handler in getattr(node, "handlers", []) or []:
                    self._collect(handler.body, file)

    def _bind(self, name, binding):
        self.bindings.setdefault(name, []).append(binding)

    def lookup(self, name, kinds):
        return [b for b in self.bindings.get(name, []) if b.kind in kinds]


def _target_names(target):
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for element in target.elts for n in _target_names(element)]
    return []


def _is_partial(func):
    return (isinstance(func, ast.Name) and func.id == "partial") or (
        isinstance(func, ast.Attribute) and func.attr == "partial"
    )


def _is_replace(func):
    return (isinstance(func, ast.Name) and func.id == "replace") or (
        isinstance(func, ast.Attribute) and func.attr == "replace" and isinstance(func.value, ast.Name)
        and func.value.id == "dataclasses"
    )


def _is_frozen_dataclass(node):
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Call):
            func = decorator.func
            named = (isinstance(func, ast.Name) and func.id == "dataclass") or (
                isinstance(func, ast.Attribute) and func.attr == "dataclass"
            )
            frozen = any(
                k.arg == "frozen" and isinstance(k.value, ast.Constant) and k.value.value is True
                for k in decorator.keywords
            )
            if named and frozen:
                return True
    return False


def _is_literal(node):
    """A constant written in the source: 1000, "x", ("a", "b"), -1, {"k": 2}, 60 * 5."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(_is_literal(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(k is not None and _is_literal(k) for k in node.keys) and all(_is_literal(v) for v in node.values)
    if isinstance(node, ast.UnaryOp):
        return _is_literal(node.operand)
    if isinstance(node, ast.BinOp):
        return _is_literal(node.left) and _is_literal(node.right)
    return False


def _local_names(function):
    """Parameters and names assigned inside a function (nested scopes included, which is stricter)."""
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node is not function:
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
    return names


def _unit_name(node):
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name
    return f"<lambda at line {node.lineno}>"


class Checker:
    def __init__(self, notebook):
        self.nb = notebook
        self.units = {}  # name -> (node, file): the code that runs outside the notebook's process
        self.queue = []
        self.violations = []
        self.roots = []

    def violation(self, where, node, file, what):
        self.violations.append(
            {"where": where, "file": str(file), "line": getattr(node, "lineno", 0), "what": what}
        )

    def add_unit(self, node, file):
        name = _unit_name(node)
        if name not in self.units:
            self.units[name] = (node, file)
            self.queue.append((node, file))

    # -- what foreachBatch receives ------------------------------------------------------------

    def resolve_callable(self, expr, file, seen=frozenset()):
        """Add the code that `expr` (a foreachBatch argument) runs as units; check what it captures."""
        if isinstance(expr, ast.Lambda):
            self.add_unit(expr, file)
            return [_unit_name(expr)]
        if isinstance(expr, ast.Name):
            if expr.id in FORBIDDEN_NAMES:
                self.violation("foreachBatch", expr, file, f"hands the driver-only name '{expr.id}' to foreachBatch")
                return []
            if expr.id in seen:
                return []
            found = self.nb.lookup(expr.id, {"def", "class", "assign"})
            if not found:
                self.violation("foreachBatch", expr, file, f"cannot tell what '{expr.id}' is")
                return []
            names = []
            for binding in found:
                if binding.kind in ("def", "class"):
                    self.add_unit(binding.node, binding.file)
                    names.append(binding.node.name)
                else:
                    names += self.resolve_callable(binding.value, binding.file, seen | {expr.id})
            return names
        if isinstance(expr, ast.Call):
            if _is_partial(expr.func) and expr.args:
                for captured in list(expr.args[1:]) + [k.value for k in expr.keywords]:
                    self.check_captured(captured, file, set())
                return self.resolve_callable(expr.args[0], file, seen)
            if isinstance(expr.func, ast.Name):
                # A callable instance (class with __call__) or a factory that returns the function:
                # check the whole class or factory; its arguments are captured values.
                for captured in list(expr.args) + [k.value for k in expr.keywords]:
                    self.check_captured(captured, file, set())
                return self.resolve_callable(expr.func, file, seen)
        self.violation("foreachBatch", expr, file, f"cannot tell what the foreachBatch argument is: {ast.unparse(expr)}")
        return []

    def check_captured(self, expr, file, seen):
        """A value handed to the micro-batch function: it must be plain (pickled on the driver)."""
        if isinstance(expr, ast.Constant):
            return
        if isinstance(expr, (ast.Tuple, ast.List)):
            for element in expr.elts:
                self.check_captured(element, file, seen)
            return
        if isinstance(expr, ast.Name):
            if expr.id in FORBIDDEN_NAMES:
                self.violation("captured value", expr, file, f"captures the driver-only name '{expr.id}'")
                return
            if expr.id in seen:
                return
            assignments = self.nb.lookup(expr.id, {"assign"})
            if not assignments:
                self.violation("captured value", expr, file, f"captures '{expr.id}', which is not a plain value")
            for binding in assignments:
                self.check_captured(binding.value, binding.file, seen | {expr.id})
            return
        if isinstance(expr, ast.Call):
            func = expr.func
            if _is_replace(func) and expr.args:
                self.check_captured(expr.args[0], file, seen)
                return
            if isinstance(func, ast.Name) and func.id in PLAIN_CONSTRUCTORS:
                return
            if isinstance(func, ast.Name):
                classes = self.nb.lookup(func.id, {"class"})
                if classes:
                    for binding in classes:
                        self.check_value_class(binding, expr)
                    return
        self.violation(
            "captured value", expr, file,
            f"captures {ast.unparse(expr)!r}: use literals or a frozen dataclass of plain values",
        )

    def check_value_class(self, binding, use):
        node = binding.node
        if not _is_frozen_dataclass(node):
            self.violation(node.name, use, binding.file, f"captured class {node.name} is not a @dataclass(frozen=True)")
        self.add_unit(node, binding.file)
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign):
                for name in ast.walk(statement.annotation):
                    if isinstance(name, ast.Name) and name.id not in PLAIN_ANNOTATIONS:
                        nested = self.nb.lookup(name.id, {"class"})
                        if not nested:
                            self.violation(
                                node.name, statement, binding.file,
                                f"field of type {ast.unparse(statement.annotation)} is not a plain value",
                            )
                        for inner in nested:
                            self.check_value_class(inner, statement)

    # -- what that code refers to ---------------------------------------------------------------

    def run(self):
        for file, tree in self.nb.trees:
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "foreachBatch"
                ):
                    argument = node.args[0] if node.args else next((k.value for k in node.keywords), None)
                    if argument is None:
                        self.violation("foreachBatch", node, file, "foreachBatch without a function")
                        continue
                    self.roots += self.resolve_callable(argument, file)
        while self.queue:
            unit, file = self.queue.pop()
            self.scan(unit, file)
        return {
            "path": str(self.nb.path),
            "foreach_batch_calls": sum(
                1
                for _, tree in self.nb.trees
                for n in ast.walk(tree)
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "foreachBatch"
            ),
            "roots": sorted(set(self.roots)),
            "checked": sorted(self.units),
            "violations": self.violations,
        }

    def scan(self, unit, file):
        where = _unit_name(unit)
        if isinstance(unit, ast.ClassDef):
            # Methods are scopes of their own; the rest of the class body (fields, defaults,
            # decorators) is evaluated where the class is defined.
            for statement in unit.body:
                if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    self.scan_nodes(f"{unit.name}.{statement.name}", statement, file, _local_names(statement))
                else:
                    self.scan_nodes(where, statement, file, set())
            for decorator in unit.decorator_list:
                self.scan_nodes(where, decorator, file, set())
        else:
            self.scan_nodes(where, unit, file, _local_names(unit))

    def scan_nodes(self, where, root, file, local_names):
        for node in ast.walk(root):
            if isinstance(node, ast.Name):
                if node.id in FORBIDDEN_NAMES:
                    self.violation(where, node, file, f"uses '{node.id}'")
                elif isinstance(node.ctx, ast.Load) and node.id not in local_names:
                    self.follow(node.id, where, node, file)
            elif isinstance(node, ast.Attribute):
                if node.attr in FORBIDDEN_ATTRIBUTES:
                    self.violation(where, node, file, f"uses '.{node.attr}'")
                elif node.attr in DRIVER_PULLS:
                    self.violation(where, node, file, f"pulls rows to the driver with '.{node.attr}()'")

    def follow(self, name, where, use, file, seen=frozenset()):
        """A notebook-level name used by checked code: functions and classes are checked too;
        variables must be literal constants (anything else was set on the driver)."""
        if name in seen:
            return
        for binding in self.nb.bindings.get(name, []):
            if binding.kind in ("def", "class"):
                self.add_unit(binding.node, binding.file)
            elif binding.kind == "assign":
                value = binding.value
                if _is_literal(value):
                    continue
                if isinstance(value, ast.Lambda):
                    self.add_unit(value, binding.file)
                elif isinstance(value, ast.Name):
                    # An alias (f = helper, w = dbutils): check what it stands for.
                    if value.id in FORBIDDEN_NAMES:
                        self.violation(where, use, file, f"uses '{name}', which holds '{value.id}'")
                    else:
                        self.follow(value.id, where, use, file, seen | {name})
                else:
                    self.violation(
                        where, use, file,
                        f"uses the notebook variable '{name}' (set on the driver: {ast.unparse(value)[:80]}); "
                        "pass it as a captured argument instead",
                    )


def main(paths):
    report = [Checker(Notebook(p)).run() for p in paths]
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
