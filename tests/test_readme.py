"""The README is what a new operator reads first: it must document every setting and every
command, and carry no note left for an engineer."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
README = (ROOT / "README.md").read_text()


def _environment_variables() -> set[str]:
    names = set()
    for path in (ROOT / "conference" / "settings").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in {"env", "env_bool", "env_list", "env_int"}
                    and node.args and isinstance(node.args[0], ast.Constant)):
                names.add(node.args[0].value)
    return names


def test_no_placeholder_left_for_an_engineer():
    assert "<!--" not in README
    assert not re.search(r"documented here when|list the .* here|TODO|TBD", README)


def test_every_environment_variable_is_documented():
    names = _environment_variables()
    assert {"SECRET_KEY", "STRIPE_SECRET_KEY", "CHECKIN_UNDO_SECONDS"} <= names
    assert sorted(name for name in names if f"`{name}`" not in README) == []


def test_every_management_command_is_documented():
    commands = {path.stem for path in ROOT.glob("**/management/commands/*.py")
                if ".venv" not in path.parts and not path.stem.startswith("_")}
    assert {"load_demo", "expire_holds", "anonymise_edition"} <= commands
    assert sorted(c for c in commands if c not in README) == []
