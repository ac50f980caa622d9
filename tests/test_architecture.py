"""The import graph between our apps follows the documented direction (docs/architecture.md).

Every module of every app is parsed with ``ast`` (imports inside functions count too, and so do
``apps.get_model("label", ...)`` and ``import_module("...")`` with a literal name). A new app adds
one line to BUILDS_ON; the test fails until it does.
"""

import ast
from functools import cache
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR).resolve()

#: app label -> the apps it builds on directly. An app may import what these build on too
#: (transitively); nothing may import an app above it. ``common`` is below all and imports none.
BUILDS_ON: dict[str, set[str]] = {
    "common": set(),
    "accounts": {"common"},
    "cms": {"accounts"},
    "registration": {"cms"},
    "payments": {"registration"},
    "checkin": {"registration"},
    # Seating plans hang on check-in points (the hall's doors); registration, check-in and
    # invitations ask seating for the seat through their signals (badge_details,
    # scan_answer_details, invitation_details).
    "seating": {"checkin", "registration", "invitations"},
    "invitations": {"registration"},
    "awards": {"cms", "accounts"},
    "certificates": {"checkin", "awards"},
    "messaging": {"checkin", "invitations"},
    "feedback": {"registration"},
    "reports": {"certificates", "invitations", "feedback"},
    # Vietnamese for Wagtail's admin: a locale directory and the code that lists Wagtail's msgids.
    "wagtail_vi": set(),
}

#: Private names imported across apps that another change is about to remove, with the reason.
#: Keep this empty: an entry is a debt with a named owner.
KNOWN_PRIVATE_IMPORTS: dict[tuple[str, str], str] = {}


def allowed(label: str) -> set[str]:
    """Everything ``label`` builds on, directly or through another app."""
    seen: set[str] = set()
    todo = list(BUILDS_ON[label])
    while todo:
        other = todo.pop()
        if other not in seen:
            seen.add(other)
            todo.extend(BUILDS_ON.get(other, ()))
    return seen


def our_apps() -> dict[str, str]:
    """Python package -> app label, for the apps that live in this repository."""
    found = {}
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(BASE_DIR) and ".venv" not in path.parts:
            found[config.name] = config.label
    return found


APPS = our_apps()
LABELS = set(APPS.values())


def app_of(module: str) -> str | None:
    best = None
    for package, label in APPS.items():
        if (module == package or module.startswith(package + ".")) and (
            best is None or len(package) > len(best[0])
        ):
            best = (package, label)
    return best[1] if best else None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(BASE_DIR).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


class Import:
    def __init__(self, source: str, target: str, line: int, private: str = ""):
        self.source, self.target, self.line, self.private = source, target, line, private

    def __repr__(self):
        return f"{self.source}:{self.line} -> {self.private or self.target}"


@cache
def imports() -> list[Import]:
    """Every import of one of our apps' modules by another app's module."""
    found = []
    for package in APPS:
        root = BASE_DIR.joinpath(*package.split("."))
        for path in sorted(root.rglob("*.py")):
            source = module_name(path)
            if app_of(source) != APPS[package]:
                continue  # a nested app (registration.badges is part of registration)
            found.extend(_imports_of(path, source))
    return [i for i in found if app_of(i.target) and app_of(i.target) != app_of(i.source)]


def _imports_of(path: Path, source: str) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    bound: dict[str, str] = {}  # local name -> module of another app it stands for
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(source, alias.name, node.lineno,
                                    _private_part(alias.name)))
                bound[alias.asname or alias.name.partition(".")[0]] = alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                target = f"{module}.{alias.name}"
                private = _private_part(module) or (target if is_private(alias.name) else "")
                found.append(Import(source, target, node.lineno, private))
                bound[alias.asname or alias.name] = target
        elif isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                if name == "get_model":
                    label = first.value.partition(".")[0]
                    package_of = {v: k for k, v in APPS.items()}.get(label)
                    if package_of:
                        found.append(Import(source, package_of + ".models", node.lineno))
                elif name == "import_module":
                    found.append(Import(source, first.value, node.lineno,
                                        _private_part(first.value)))
    for node in ast.walk(tree):  # module._private where module is another app's
        if (
            isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
            and node.value.id in bound and is_private(node.attr)
            and not bound[node.value.id].rpartition(".")[2][:1].isupper()  # a class: _meta ...
        ):
            target = f"{bound[node.value.id]}.{node.attr}"
            found.append(Import(source, target, node.lineno, target))
    return found


def _private_part(module: str) -> str:
    return module if any(is_private(part) for part in module.split(".")) else ""


def test_every_app_has_its_place_in_the_graph():
    assert LABELS - set(BUILDS_ON) == set(), "add the new app to BUILDS_ON"
    assert {"registration", "payments", "common"} <= LABELS  # the scan below saw our apps


def test_the_scan_sees_real_imports():
    """The scan is not vacuous: it sees the imports we know are there, inside functions too."""
    edges = {(app_of(i.source), app_of(i.target)) for i in imports()}
    assert ("payments", "registration") in edges
    assert ("checkin", "registration") in edges
    assert ("registration", "common") in edges


@pytest.mark.parametrize("label", sorted(BUILDS_ON))
def test_imports_follow_the_documented_direction(label):
    wrong = [i for i in imports()
             if app_of(i.source) == label and app_of(i.target) not in allowed(label)]
    assert wrong == [], f"{label} may import only {sorted(allowed(label))}"


def test_registration_does_not_import_payments():
    wrong = [i for i in imports()
             if app_of(i.source) == "registration" and app_of(i.target) == "payments"]
    assert wrong == []


def test_no_app_imports_another_apps_private_names():
    wrong = [i for i in imports()
             if i.private and (i.source, i.private) not in KNOWN_PRIVATE_IMPORTS]
    assert wrong == []


def test_known_private_imports_are_still_there():
    """A debt paid off is struck from KNOWN_PRIVATE_IMPORTS, so the list never hides a new one."""
    seen = {(i.source, i.private) for i in imports() if i.private}
    assert set(KNOWN_PRIVATE_IMPORTS) - seen == set()


def _site_url_reads(path: Path) -> list[int]:
    """Lines of ``path`` that read ``settings.SITE_URL`` to glue a link together by hand."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr == "SITE_URL"
                and isinstance(node.value, ast.Name) and node.value.id == "settings"):
            lines.append(node.lineno)
    glued = set()
    for node in ast.walk(tree):
        parts = (node.values if isinstance(node, ast.JoinedStr)
                 else [node.left, node.right] if isinstance(node, ast.BinOp) else [])
        for part in parts:
            inner = part.value if isinstance(part, ast.FormattedValue) else part
            if getattr(inner, "lineno", None) in lines and isinstance(inner, ast.Attribute):
                glued.add(inner.lineno)
    return sorted(glued)


def test_absolute_links_are_built_in_one_place():
    """Links that leave the site come from conference.common.links (site_url, absolute_url), not
    from f"{settings.SITE_URL}{path}" written again in each app."""
    links = BASE_DIR / "conference" / "common" / "links.py"
    wrong = {}
    for package in APPS:
        for path in BASE_DIR.joinpath(*package.split(".")).rglob("*.py"):
            if path != links and (lines := _site_url_reads(path)):
                wrong[str(path.relative_to(BASE_DIR))] = lines
    assert wrong == {}
