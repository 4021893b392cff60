r"""Load and validate rule packs: YAML files of rules and shared vocabularies.

A rule file holds `rules:` (a list of rules) and may hold `vocab:` with
`lists:` (phrase lists, used in patterns as `\\L<name>`) and `fragments:`
(regex pieces, used as `{{name}}`).  Patterns are compiled case-insensitive
and verbose: white space in a pattern is ignored, so write `\s+` between
words (which also matches a line break).  Validation is strict: an unknown key, a
missing field, a bad category or severity, a pattern that does not compile
or a duplicate code is a PackError naming the file and the rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from mlint.finding import CATEGORIES, Severity
from mlint.pack import inflect
from mlint.read.source import SourceError, read_bytes
from mlint.finding import FixSpec

# Kept as source (compiled by `regex` on first use, then from its cache): a run that loads the pack from the
# cache never needs them, and compiling at import time would cost every run.
CODE = r"[A-Z]{2,8}[0-9]{2,5}"
NAME = r"[a-z0-9]+(?:-[a-z0-9]+)*"
FRAGMENT_REF = r"\{\{([a-z_][a-z0-9_]*)\}\}"
LIST_REF = r"\\L<([A-Za-z_][A-Za-z0-9_]*)>"
COMMON_KEYS = {"code", "name", "kind", "category", "severity", "message", "rationale", "references",
               "suggestion", "examples", "fix"}
REQUIRED_KEYS = COMMON_KEYS - {"kind", "fix"}


class PackError(Exception):
    """A rule file that cannot be used; the message names the file and, where it applies, the rule."""

    def __init__(self, path: str, message: str, rule: str = "") -> None:
        self.path, self.rule, self.detail = path, rule, message
        where = f"{path}: rule {rule}" if rule else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class TermList:
    """A vocabulary term list: lemmas, how they inflect (verb, noun or none), and the term lists it includes."""

    words: tuple[str, ...]
    inflect: str = "none"
    include: tuple[str, ...] = ()


def _term_list(path: str, name: str, value: Any) -> TermList:
    """A `terms:` entry: a list of lemmas, or a mapping with `words`, `inflect` (verb, noun, none) and `include`."""
    if isinstance(value, list):
        value = {"words": value}
    if not isinstance(value, dict) or set(value) - {"words", "inflect", "include"}:
        raise PackError(path, f"vocab term list {name!r} must be a list or a mapping of words, inflect and include")
    words, include = value.get("words") or [], value.get("include") or []
    for key, items in (("words", words), ("include", include)):
        if not (isinstance(items, list) and all(isinstance(i, str) and i.strip() for i in items)):
            raise PackError(path, f"vocab term list {name!r}: '{key}' must be a list of non-empty strings")
    if value.get("inflect", "none") not in inflect.KINDS:
        raise PackError(path, f"vocab term list {name!r}: 'inflect' must be one of {', '.join(inflect.KINDS)}")
    if not words and not include:
        raise PackError(path, f"vocab term list {name!r} has no words")
    return TermList(tuple(" ".join(w.split()) for w in words), value.get("inflect", "none"), tuple(include))


@dataclass
class Vocabulary:
    """Shared phrase lists and regex fragments, defined once for every rule."""

    lists: dict[str, list[str]] = field(default_factory=dict)
    fragments: dict[str, str] = field(default_factory=dict)
    terms: dict[str, TermList] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    judge: Any = field(default=None, repr=False, compare=False)  # built once, by the pattern kind
    mentions: Any = field(default=None, repr=False, compare=False)  # the term scanner, built once by the claim kind

    def add(self, path: str, data: Any) -> None:
        if not isinstance(data, dict) or set(data) - {"lists", "fragments", "terms"}:
            raise PackError(path, "vocab: must be a mapping with only 'lists', 'fragments' and 'terms'")
        for key, target in (("lists", self.lists), ("fragments", self.fragments), ("terms", self.terms)):
            for name, value in (data.get(key) or {}).items():
                if name in self.origin:
                    raise PackError(path, f"vocab {name!r} is already defined in {self.origin[name]}")
                if key == "lists" and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                    raise PackError(path, f"vocab list {name!r} must be a list of strings")
                if key == "fragments" and not isinstance(value, str):
                    raise PackError(path, f"vocab fragment {name!r} must be a string")
                if key == "terms":
                    value = _term_list(path, name, value)
                target[name] = value
                self.origin[name] = path

    def term_lists(self, name: str, path: str = "", rule: str = "", seen: tuple[str, ...] = ()) -> frozenset[str]:
        """The term lists that hold the words of `name`: itself if it has words of its own, and the lists it
        includes, all the way down (a mention is found under the list that holds its word)."""
        if name not in self.terms:
            raise PackError(path or self.origin.get(name, "vocab"), f"unknown vocabulary term list {name!r}", rule)
        if name in seen:
            raise PackError(self.origin[name], f"term list {name!r} includes itself", rule)
        found = {name} if self.terms[name].words else set()
        for included in self.terms[name].include:
            found |= self.term_lists(included, path, rule, seen + (name,))
        return frozenset(found)

    def own_words(self, name: str) -> dict[str, str]:
        """Every form of the words the term list `name` holds itself (not those of the lists it includes)."""
        terms, found = self.terms[name], {}
        for word in terms.words:
            for form, tag in inflect.forms(word, terms.inflect).items():
                found.setdefault(form, tag)
        return found

    def expand(self, pattern: str, path: str = "", rule: str = "") -> str:
        """Replace every {{fragment}} (recursively) with its regex, in a non-capturing group."""
        for _ in range(10):
            if "{{" not in pattern:
                return pattern

            def sub(m: regex.Match) -> str:
                if m.group(1) not in self.fragments:
                    raise PackError(path, f"unknown vocabulary fragment {{{{{m.group(1)}}}}}", rule)
                return f"(?:{self.fragments[m.group(1)]})"

            pattern = regex.sub(FRAGMENT_REF, sub, pattern)
        raise PackError(path, "vocabulary fragments nest too deeply", rule)

    def compile(self, pattern: str, path: str = "", rule: str = "") -> regex.Pattern:
        """Compile a rule or vocabulary pattern, case-insensitive, with the lists it names."""
        source = self.expand(pattern, path, rule)
        names = set(regex.findall(LIST_REF, source))
        missing = names - set(self.lists)
        if missing:
            raise PackError(path, f"unknown vocabulary list {sorted(missing)[0]!r}", rule)
        try:
            return regex.compile(source, regex.IGNORECASE | regex.VERBOSE, **{n: self.lists[n] for n in names})
        except (regex.error, TypeError, ValueError, OverflowError) as exc:
            raise PackError(path, f"pattern does not compile: {exc}", rule) from None

    def lazy(self, pattern: str, path: str = "", rule: str = "") -> LazyPattern:
        """`compile`, for a rule's own pattern: checked now, compiled again after a cache load only when used."""
        return LazyPattern(self.compile(pattern, path, rule))


class LazyPattern:
    """A rule's compiled pattern that a pack loaded from the cache rebuilds only on first use.

    `pattern`, `flags`, `named_lists` and `groupindex` are read without the compiled form (the prefilter and the
    pattern kind need no more), so a rule whose literals do not occur in a run's documents is never rebuilt;
    everything else is the compiled pattern's.  The cache holds the compiled form as `regex` pickles it (no parsing
    again), in bytes unpickled on first use."""

    __slots__ = ("pattern", "flags", "named_lists", "groupindex", "_compiled", "_frozen")

    def __init__(self, compiled: regex.Pattern) -> None:
        self.pattern, self.flags, self.named_lists = compiled.pattern, compiled.flags, compiled.named_lists
        self.groupindex = dict(compiled.groupindex)
        self._compiled: regex.Pattern | None = compiled
        self._frozen = b""

    @property
    def compiled(self) -> regex.Pattern:
        if self._compiled is None:
            from mlint.pack.cache import loads

            self._compiled = loads(self._frozen)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled, name)

    def __getstate__(self) -> tuple:
        import pickle

        frozen = self._frozen or pickle.dumps(self._compiled, protocol=pickle.HIGHEST_PROTOCOL)
        return self.pattern, self.flags, self.named_lists, self.groupindex, frozen

    def __setstate__(self, state: tuple) -> None:
        self.pattern, self.flags, self.named_lists, self.groupindex, self._frozen = state
        self._compiled = None


SENTENCE_KINDS = frozenset(("pattern", "claim"))  # kinds whose findings are claims in a sentence


@dataclass
class Rule:
    """A validated rule: what it looks for (`options`, read by its kind) and what it says."""

    code: str
    name: str
    kind: str
    category: str
    severity: Severity
    message: str
    rationale: str
    references: tuple[str, ...]
    suggestion: str
    examples_invalid: tuple[str, ...]
    examples_valid: tuple[str, ...]
    path: str
    options: dict[str, Any]
    matcher: Any = None
    fix: Any = None  # a mlint.finding.FixSpec


@dataclass
class Pack:
    """Every rule in load order, and the shared vocabulary they use."""

    rules: list[Rule]
    vocab: Vocabulary
    files: list[str]
    prefilter: Any = field(default=None, repr=False, compare=False)  # built by mlint.detect.prefilter, cached with the pack

    def rule(self, code: str) -> Rule | None:
        return next((r for r in self.rules if r.code == code.upper()), None)


def builtin_root() -> Path:
    """The folder of the built-in rule packs, installed inside the package as mlint.rules.

    Read from the package's own `__path__`: importlib.resources would cost more to import than the whole lookup."""
    import mlint.rules

    return Path(next(iter(mlint.rules.__path__)))


def rule_files(paths: list[Path]) -> list[Path]:
    """The YAML files named by `paths` (files, or folders searched recursively), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise PackError(str(path), "no such rule file or folder")
    return found


def build_pack(files: list[Path], kinds: dict[str, Any]) -> Pack:
    """Parse, validate and compile the rule files with the rule kinds in `kinds` (detect's table: a kind's class
    has KEYS, REQUIRED and builds the rule's matcher); what the pack cache saves a run from doing."""
    documents = [(str(f), _read_yaml(f)) for f in files]
    vocab = Vocabulary()
    for path, data in documents:
        if data.get("vocab") is not None:
            vocab.add(path, data["vocab"])
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path, data in documents:
        for raw in data.get("rules") or []:
            rule = _validate(path, raw, kinds)
            if rule.code in seen:
                raise PackError(path, f"duplicate code (first defined in {seen[rule.code]})", rule.code)
            seen[rule.code] = path
            rule.matcher = kinds[rule.kind](rule, vocab)
            rules.append(rule)
    return Pack(rules, vocab, [p for p, _ in documents])


def _read_yaml(path: Path) -> dict:
    import yaml

    try:
        text = read_bytes(str(path)).decode("utf-8")
    except SourceError as exc:
        raise PackError(str(path), f"cannot read rule file: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(str(path), f"cannot read rule file: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise PackError(str(path), f"broken YAML{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict) or set(data) - {"rules", "vocab", "pack"}:
        raise PackError(str(path), "a rule file is a mapping with 'rules', 'vocab' and 'pack' keys only")
    if data.get("rules") is not None and not isinstance(data["rules"], list):
        raise PackError(str(path), "'rules' must be a list")
    return data


def _validate(path: str, raw: Any, kinds: dict[str, Any]) -> Rule:
    if not isinstance(raw, dict):
        raise PackError(path, "each rule must be a mapping")
    code = str(raw.get("code", "?"))
    kind = raw.get("kind", "pattern")
    if kind not in kinds:
        raise PackError(path, f"unknown kind {kind!r} (one of: {', '.join(kinds)})", code)
    allowed = COMMON_KEYS | kinds[kind].KEYS
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise PackError(path, f"unknown key {unknown[0]!r}", code)
    missing = sorted((REQUIRED_KEYS | kinds[kind].REQUIRED) - set(raw))
    if missing:
        raise PackError(path, f"missing field {missing[0]!r}", code)
    if not regex.fullmatch(CODE, code):
        raise PackError(path, "code must be capital letters then digits, like MED101", code)
    for key in ("name", "message", "rationale", "suggestion", "category", "severity"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise PackError(path, f"{key!r} must be a non-empty string", code)
    if not regex.fullmatch(NAME, raw["name"]):
        raise PackError(path, "name must be a lower-case slug like 'restores-tissue'", code)
    if raw["category"] not in CATEGORIES:
        raise PackError(path, f"unknown category {raw['category']!r}", code)
    if raw["severity"] not in ("error", "warning", "info"):
        raise PackError(path, f"severity must be error, warning or info, not {raw['severity']!r}", code)
    refs = raw["references"]
    if not (isinstance(refs, list) and refs and all(isinstance(r, str) and r.strip() for r in refs)):
        raise PackError(path, "'references' must be a non-empty list of strings", code)
    invalid, valid = _examples(path, code, raw["examples"])
    options = {k: v for k, v in raw.items() if k not in COMMON_KEYS}
    try:
        fix = parse_fix(raw.get("fix"))
    except ValueError as exc:
        raise PackError(path, str(exc), code) from None
    return Rule(code, raw["name"], kind, raw["category"], Severity.parse(raw["severity"]), raw["message"].strip(),
                raw["rationale"].strip(), tuple(refs), raw["suggestion"].strip(), invalid, valid, path, options,
                fix=fix)


def _examples(path: str, code: str, examples: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not isinstance(examples, dict) or set(examples) != {"invalid", "valid"}:
        raise PackError(path, "'examples' must have 'invalid' and 'valid' lists", code)
    out = []
    for key in ("invalid", "valid"):
        items = examples[key]
        if not (isinstance(items, list) and items and all(isinstance(i, str) for i in items)):
            raise PackError(path, f"examples.{key} must be a non-empty list of strings", code)
        out.append(tuple(items))
    return out[0], out[1]


def parse_fix(raw: Any) -> FixSpec | None:
    """Validate a rule's `fix:` value; a ValueError says what is wrong."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or not set(raw) <= {"replace", "safe", "when"} or "replace" not in raw:
        raise ValueError("'fix' must be a mapping with 'replace' and optional 'safe' and 'when'")
    if not isinstance(raw["replace"], str) or not isinstance(raw.get("safe", False), bool):
        raise ValueError("'fix.replace' must be a string and 'fix.safe' true or false")
    when = raw.get("when")
    try:
        pattern = regex.compile(when, regex.IGNORECASE) if when is not None else None
    except (regex.error, TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"'fix.when' is not a valid pattern: {exc}") from None
    return FixSpec(raw["replace"], raw.get("safe", False), pattern)
