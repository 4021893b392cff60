"""Helpers the tests share: a one-rule user pack written as YAML."""

from __future__ import annotations

import yaml


def rule_yaml(code: str, pattern: str, invalid: str = "aaa", valid: str = "b", **fields) -> str:
    """A user rule file holding one pattern rule; `fields` override the defaults (name, category, ...)."""
    rule = {"code": code, "name": f"rule-{code.lower()}", "category": "efficacy-absolute", "severity": "error",
            "message": "m", "rationale": "r", "references": ["x"], "suggestion": "s", "pattern": pattern,
            "examples": {"invalid": [invalid], "valid": [valid]}} | fields
    return yaml.safe_dump({"rules": [rule]}, sort_keys=False)
