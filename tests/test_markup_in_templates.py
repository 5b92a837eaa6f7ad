"""Markup lives in templates: the public site's Python builds no HTML or SVG from strings."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The public site and its helpers; the admin modules may use what Django gives them.
MODULES = sorted([*ROOT.glob("public/*.py"), *ROOT.glob("sitepages/*.py"), *ROOT.glob("countries/geometry/*.py")])
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9:-]*[\s>/]")
# The one place that turns text into markup: Markdown sanitised by nh3 (sitepages.rendering.page_html).
SANITISER = ("sitepages/rendering.py", "Markup")
MARKING = {"format_html", "format_html_join", "mark_safe", "Markup", "SafeString"}


def _offences(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    relative = str(path.relative_to(ROOT))
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
            if TAG.search(text):
                yield f"{relative}:{node.lineno}: f-string with a tag"
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in MARKING and (relative, name) != SANITISER:
                yield f"{relative}:{node.lineno}: {name}()"
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and isinstance(side.value, str) and TAG.search(side.value):
                    yield f"{relative}:{node.lineno}: markup joined with + or %"


def test_no_public_module_assembles_markup_in_python():
    assert MODULES and "admin.py" not in {path.name for path in MODULES if "public" in str(path)}
    offences = [offence for path in MODULES if path.name != "admin.py" for offence in _offences(path)]
    assert offences == []
