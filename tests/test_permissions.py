"""One way to say who may do what: every permission the code asks is a rule defined in an app's
permissions.py (conference.common.permissions explains the scheme)."""

import re
from pathlib import Path

import rules
from django.conf import settings
from django.contrib.auth.models import Permission

ROOT = Path(settings.BASE_DIR)
SOURCES = ["conference", "cms", "checkin", "templates"]

ASKED = [
    re.compile(r"""has_perms?\(\s*["']([\w.]+)["']"""),
    re.compile(r"""permission_required\(\s*["']([\w.]+)["']"""),
    re.compile(r"""permission\s*=\s*["']([\w.]+)["']"""),
    re.compile(r"""\{%\s*has_perm\s+["']([\w.]+)["']"""),
    re.compile(r"""\bperms\.(\w+\.\w+)"""),
]
# Checks written the other ways, which rules replace.
OTHER_WAYS = re.compile(
    r"\.is_staff\b|\.is_superuser\b|\.groups\.(filter|exists)|user_passes_test|"
    r"PermissionRequiredMixin|def is_shown\("
)
# Where those words are no other way: the rules themselves (permissions.py), creating users, the
# MFA policy (who must use MFA), the one permission-aware menu item.
OTHER_WAYS_ALLOWED = {
    "conference/accounts/models.py", "conference/accounts/roles.py",
    "cms/management/commands/load_demo.py", "conference/common/admin_menu.py",
}


def _files():
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text()


def _model_permission_exists(name: str) -> bool:
    app_label, codename = name.split(".", 1)
    return Permission.objects.filter(content_type__app_label=app_label,
                                     codename=codename).exists()


def test_every_permission_the_code_asks_is_a_rule(db):
    asked = {}
    for path, text in _files():
        for pattern in ASKED:
            for name in pattern.findall(text):
                asked.setdefault(name, set()).add(path)
    assert len(asked) > 10  # the patterns find what the code asks
    assert {name: sorted(paths) for name, paths in asked.items()
            if not rules.perm_exists(name)} == {}


def test_rule_names_never_shadow_a_model_permission(db):
    ours = [name for name in rules.permissions.permissions
            if name.split(".")[0] in {"accounts", "awards", "checkin", "cms", "common",
                                      "payments", "registration"}]
    assert "awards.manage_awards" in ours
    assert [name for name in ours if _model_permission_exists(name)] == []


def test_no_check_is_written_another_way():
    found = []
    for path, text in _files():
        if path in OTHER_WAYS_ALLOWED or path.endswith("/permissions.py"):
            continue
        found += [f"{path}: {m.group(0)}" for m in OTHER_WAYS.finditer(text)]
    assert found == []
