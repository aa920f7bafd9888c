"""The apps depend one way. `lint-imports` (CI) enforces the contracts in pyproject.toml;
these tests keep the two things it cannot see honest: no import hides in a function
body (the usual way to dodge a cycle), and the README draws what the contracts say."""

import ast
import tomllib
from pathlib import Path

from complaints import permissions as complaint_permissions
from referrals import permissions as referral_permissions
from trafficking import permissions as trafficking_permissions

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
APPS = CONTRACTS["root_packages"]


def _deferred_imports(path: Path) -> list[str]:
    """Imports inside a function body, except `from . import x` in an AppConfig's
    `ready()` (Django's way to connect an app's own signal handlers)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            own_ready = (
                path.name == "apps.py"
                and function.name == "ready"
                and isinstance(node, ast.ImportFrom)
                and node.level == 1
                and node.module is None
            )
            if not own_ready:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_no_import_is_deferred_into_a_function():
    files = [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    ]
    assert len(files) > 50
    assert [where for path in files for where in _deferred_imports(path)] == []


def test_the_readme_draws_the_contracts():
    readme = (ROOT / "README.md").read_text()
    layers = [c for c in CONTRACTS["contracts"] if c["type"] == "layers"]
    assert layers
    for contract in layers:
        assert " → ".join(contract["layers"]) in readme, contract["name"]
    for contract in (c for c in CONTRACTS["contracts"] if c["type"] == "forbidden"):
        sources = " and ".join(contract["source_modules"])
        forbidden = " or ".join(contract["forbidden_modules"])
        assert f"{sources} never import {forbidden}" in readme, contract["name"]


def test_every_app_is_in_the_contracts():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")} | {"config"}
    assert apps == set(APPS)


def test_every_case_access_function_passes_the_case_gate():
    """`case_rule` (`victim_rule` in the registry) is how a case access function is
    declared; one written without it would forget recusal."""
    access_functions = [
        getattr(module, name)
        for module in (complaint_permissions, referral_permissions, trafficking_permissions)
        for name in dir(module)
        if name.endswith("_access") and callable(getattr(module, name))
    ]
    assert len(access_functions) >= 3
    for function in access_functions:
        assert getattr(function, "__wrapped__", None) is not None, function.__name__


def test_every_service_selector_and_access_module_is_type_checked():
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    checked = [ROOT / entry for entry in mypy["files"]]
    modules = [
        path
        for app in APPS
        for name in ("services.py", "selectors.py", "permissions.py")
        for path in [ROOT / app / name]
        if path.exists()
    ]
    unchecked = [
        str(path.relative_to(ROOT))
        for path in modules
        if not any(path == entry or entry in path.parents for entry in checked)
    ]
    assert unchecked == []
