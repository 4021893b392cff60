"""The README's worked example of a claim rule loads as a user pack and flags and spares its own examples."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from mlint.api import lint_text, load_pack

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_claim_rule_works(tmp_path: Path) -> None:
    section = README.read_text(encoding="utf-8").split("### The claim kind", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    rule_file = tmp_path / "acme.yaml"
    rule_file.write_text(block, encoding="utf-8")
    pack = load_pack([str(rule_file)])
    rule = yaml.safe_load(block)["rules"][0]
    for text in rule["examples"]["invalid"]:
        assert rule["code"] in {c for f in lint_text(text, "x.txt", pack=pack).findings for c in (f.code, *f.also)}
    for text in rule["examples"]["valid"]:
        assert rule["code"] not in {c for f in lint_text(text, "x.txt", pack=pack).findings for c in (f.code, *f.also)}
