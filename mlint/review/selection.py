"""Which rules run: --select and --ignore take codes, code prefixes or categories."""

from __future__ import annotations

from dataclasses import dataclass

from mlint.finding import CATEGORIES


def parse_selectors(values: tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """Split comma-separated option values into selectors, normalised."""
    out: list[str] = []
    for value in values or ():
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(v if v.lower() in CATEGORIES else v.upper() for v in out)


@dataclass(frozen=True)
class Selection:
    """A filter over rules: a rule runs if it is selected (or nothing is) and not ignored."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @staticmethod
    def matches(selector: str, code: str, category: str) -> bool:
        return selector == category or code.startswith(selector) or selector == "ALL"

    def wants(self, code: str, category: str) -> bool:
        if self.select and not any(self.matches(s, code, category) for s in self.select):
            return False
        return not any(self.matches(s, code, category) for s in self.ignore)

    def unknown(self, codes: list[str]) -> list[str]:
        """Selectors that name no category and no rule code or prefix."""
        return [s for s in self.select + self.ignore
                if s not in CATEGORIES and s != "ALL" and not any(c.startswith(s) for c in codes)]
