"""Project configuration: `.mlint.yaml` (or `[tool.mlint]` in `pyproject.toml`).

The files are found by walking up from the checked paths (or the working folder) to the repository's top (the
folder holding `.git`), or one is named with `--config`; `--isolated` reads none.  The outermost file at the
repository's top is the root: a nested file (one further down, nearer the checked paths) may only tighten the
checks (add rule packs, raise a severity, lower `fail-on`) unless the root says `nested-configs: relax`, and then
the nearest file's settings win key by key.  So a pull request cannot switch the check off by adding a folder's
config.  Validation is strict: an unknown key or a bad value is a ConfigError naming the file, the line and the
key.  Command-line options override the files.  Finding the files costs a few `stat` calls; YAML or TOML is parsed
only when a file is found.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from mlint.finding import Severity
from mlint.detect.base import RunSettings
from mlint.read.source import SourceError, read_bytes
from mlint.review.selection import Selection, parse_selectors

FILENAMES = (".mlint.yaml", ".mlint.yml")
FAIL_ON = ("error", "warning", "info", "never")
ACCEPTED_CATEGORIES = ("missing-disclaimer", "missing-fda-disclosure")
KEYS = ("rules", "select", "ignore", "severity", "per-file-ignores", "include", "exclude", "fail-on",
        "accepted-statements", "approved-claims", "require-reason", "nested-configs")
NESTED = ("tighten", "relax")
# What a nested config may set without the root's consent, and what only the root may set.
TIGHTENING = ("rules", "severity", "fail-on", "require-reason")
ROOT_ONLY = ("nested-configs",)


class ConfigError(Exception):
    """A configuration file that cannot be used: `path:line: key: problem`."""

    def __init__(self, path: str, line: int, key: str, message: str) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


@dataclass(frozen=True)
class ApprovedClaim:
    """A claim wording the reviewer approved, with its substantiation reference."""

    text: str
    reference: str


@dataclass
class Config:
    """A validated configuration; an empty Config is the default when no file is found."""

    path: str = ""
    root: Path = field(default_factory=Path.cwd)
    rules: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: str = ""
    accepted: dict[str, tuple[str, ...]] = field(default_factory=dict)
    approved: tuple[ApprovedClaim, ...] = ()
    require_reason: bool = True
    nested: str = "tighten"
    given: frozenset[str] = frozenset()  # the keys the file sets
    lines: dict[str, int] = field(default_factory=dict, repr=False)

    def error(self, key: str, message: str) -> ConfigError:
        return ConfigError(self.path, self.lines.get(key, 0), key, message)

    def relative(self, path: str) -> str | None:
        """`path` relative to the config's folder, in POSIX form; None when it lies outside."""
        try:
            rel = os.path.relpath(os.path.abspath(path), self.root)
        except ValueError:
            return None
        return None if rel.startswith("..") else PurePosixPath(Path(rel)).as_posix()

    def wants_path(self, path: str, explicit: bool) -> bool:
        """Whether a file is checked: `exclude` applies to every file, `include` to files found in folders."""
        if not self.exclude and not self.include:
            return True
        rel = self.relative(path)
        if rel is None:
            return True
        if any(glob_match(g, rel) for g in self.exclude):
            return False
        return explicit or not self.include or any(glob_match(g, rel) for g in self.include)

    def for_file(self, path: str, selection: Selection, settings: RunSettings) -> tuple[Selection, RunSettings]:
        """The run's selection plus the `per-file-ignores` whose glob matches `path`; the settings plus the
        accepted statements."""
        if self.accepted and not settings.accepted:
            settings = replace(settings, accepted=self.accepted)
        rel = self.relative(path) if self.per_file_ignores else None
        if rel is None:
            return selection, settings
        extra = tuple(s for glob, sels in self.per_file_ignores if glob_match(glob, rel) for s in sels)
        return (replace(selection, ignore=selection.ignore + extra) if extra else selection), settings

    def check_codes(self, codes: list[str]) -> None:
        """Fail on a selector or severity key that names no rule of the loaded pack."""
        for key, selectors in (("select", self.select), ("ignore", self.ignore),
                               *((f"per-file-ignores.{g}", s) for g, s in self.per_file_ignores)):
            unknown = Selection(selectors).unknown(codes)
            if unknown:
                line = self.lines.get(f"{key}:{unknown[0]}", self.lines.get(key, 0))
                raise ConfigError(self.path, line, key, f"{unknown[0]!r} is not a rule code, prefix or category")
        for code in self.severity:
            if code not in codes:
                raise self.error(f"severity.{code}", f"{code!r} is not a rule code")


def glob_match(pattern: str, path: str) -> bool:
    """Match a POSIX relative path: `*` stays in one folder, `**` spans folders; a pattern without a slash
    matches the file name or any folder name; a pattern also matches everything under a folder it names.

    Matched folder by folder (a `**` takes any number of folders), so the work is at most the pattern's parts
    times the path's: ten `**` against a 30-folder path once took 146 s in one backtracking regex."""
    parts = path.split("/")
    if "/" not in pattern.rstrip("/"):
        rx = _part_regex(pattern.strip("/"))
        return any(rx.fullmatch(part) for part in parts)
    steps = _steps(pattern)
    reach = _reachable(steps, parts)
    return any(reach[i] for i in range(1, len(parts) + 1))  # the pattern may end at any folder: all under it match


def _steps(pattern: str) -> list[re.Pattern | None]:
    """The pattern's folders, each a compiled one-folder pattern, or None for `**` (runs of `**` folded to one)."""
    steps: list[re.Pattern | None] = []
    for part in pattern.strip("/").split("/"):
        if part == "**":
            if not steps or steps[-1] is not None:
                steps.append(None)
        else:
            steps.append(_part_regex(part))
    return steps


def _reachable(steps: list[re.Pattern | None], parts: list[str]) -> list[bool]:
    """For each count k of leading path folders, whether the whole pattern matches exactly those k folders."""
    # states[j]: pattern steps[:j] matches the folders read so far
    states = [True] + [False] * len(steps)
    for j, step in enumerate(steps):  # leading `**` may match no folder at all
        states[j + 1] = states[j + 1] or (step is None and states[j])
    ends = [states[-1]]
    for part in parts:
        nxt = [False] * (len(steps) + 1)
        for j, step in enumerate(steps):
            if not states[j] and not (step is None and states[j + 1]):
                continue
            if step is None:
                nxt[j + 1] = nxt[j + 1] or states[j] or states[j + 1]  # `**` takes this folder too
            elif states[j] and step.fullmatch(part):
                nxt[j + 1] = True
        for j, step in enumerate(steps):  # a `**` after a match may take no folder
            if step is None and nxt[j]:
                nxt[j + 1] = True
        states = nxt
        ends.append(states[-1])
    return ends


_PARTS: dict[str, re.Pattern] = {}


def _part_regex(part: str) -> re.Pattern:
    """One folder or file name pattern: `*` any run of characters, `?` one; runs of `*` folded (no backtracking
    blow-up on a long name)."""
    if part not in _PARTS:
        body = re.escape(re.sub(r"\*+", "*", part)).replace(r"\*", ".*").replace(r"\?", ".")
        _PARTS[part] = re.compile(body, re.S)
    return _PARTS[part]


# --- finding and reading the file -------------------------------------------------------------------------------

def discover_all(paths: list[str] | tuple[str, ...]) -> list[Path]:
    """Every config file from the paths' common folder up to the repository's top (the nearest first); with no
    repository, up to the file system's root."""
    found, start = [], _start(paths)
    for folder in (start, *start.parents):
        config = _config_in(folder)
        if config is not None:
            found.append(config)
        if (folder / ".git").exists():
            break
    return found


def _start(paths: list[str] | tuple[str, ...]) -> Path:
    absolute = [os.path.abspath(p) for p in paths if p != "-"]
    try:
        start = Path(os.path.commonpath(absolute)) if absolute else Path.cwd()
    except ValueError:
        start = Path.cwd()
    return start if start.is_dir() else start.parent


def _config_in(folder: Path) -> Path | None:
    for name in FILENAMES:
        if (folder / name).is_file():
            return folder / name
    pyproject = folder / "pyproject.toml"
    return pyproject if pyproject.is_file() and _has_tool_table(pyproject) else None


def _has_tool_table(path: Path) -> bool:
    try:
        return re.search(r"^\s*\[\s*tool\.mlint\s*[\].]", path.read_text(encoding="utf-8"), re.M) is not None
    except (OSError, UnicodeDecodeError):
        return False


def load_config(path: str | os.PathLike) -> Config:
    """Read and validate a config file (`.mlint.yaml` or a `pyproject.toml` with `[tool.mlint]`)."""
    path = Path(path)
    try:
        text = read_bytes(str(path)).decode("utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), 0, "", "no such configuration file") from None
    except (OSError, UnicodeDecodeError, SourceError) as exc:
        raise ConfigError(str(path), 0, "", f"cannot read: {exc}") from None
    data, lines = _read_toml(str(path), text) if path.suffix == ".toml" else _read_yaml(str(path), text)
    return build(str(path), path.resolve().parent, data, lines)


def _read_yaml(path: str, text: str) -> tuple[dict, dict[str, int]]:
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(path, mark.line + 1 if mark else 0, "", f"broken YAML: {problem}") from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ConfigError(path, 1, "", "the configuration must be a mapping of keys")
    lines: dict[str, int] = {}
    _node_lines(node, "", lines, set())
    return data, lines


def _node_lines(node: Any, prefix: str, lines: dict[str, int], seen: set[int]) -> None:
    """Record the line of every mapping key and list item, by dotted key path ('severity.MED101', 'rules.0').
    A node reached again through a YAML alias is not walked again: an alias bomb of a few hundred bytes would
    otherwise expand to billions of paths."""
    import yaml

    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = f"{prefix}{key.value}"
            lines.setdefault(name, key.start_mark.line + 1)
            _node_lines(value, name + ".", lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.setdefault(f"{prefix}{i}", item.start_mark.line + 1)
            _node_lines(item, f"{prefix}{i}.", lines, seen)


def _read_toml(path: str, text: str) -> tuple[dict, dict[str, int]]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        data = tomllib.loads(text).get("tool", {}).get("mlint", {})
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, 0, "", f"broken TOML: {exc}") from None
    lines: dict[str, int] = {}
    header = re.search(r"^\s*\[\s*tool\.mlint\s*\]", text, re.M)
    offset = header.start() if header else 0
    for key in data:
        m = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=", re.M).search(text, offset)
        lines[key] = text.count("\n", 0, m.start() if m else offset) + 1
    return data, lines


# --- validation ---------------------------------------------------------------------------------------------------

def build(path: str, root: Path, data: dict, lines: dict[str, int]) -> Config:
    """Validate raw configuration data into a Config."""
    config = Config(path=path, root=root, lines=lines)
    for key in data:
        if key not in KEYS:
            raise config.error(str(key), f"unknown key (known keys: {', '.join(KEYS)})")
    get = _Getter(config, data)
    config.given = frozenset(data)
    named = get.strings("rules")
    config.rules = tuple(str((root / p).resolve()) for p in named)
    top = repository_top(root) or root
    for given, resolved in zip(named, config.rules):
        if not _inside(Path(resolved), top):
            raise config.error("rules", f"{given!r} is outside the repository ({top}); name a pack outside it with "
                                        "--rules on the command line")
    if "nested-configs" in data:
        config.nested = get.choice("nested-configs", data["nested-configs"], NESTED)
    config.select = get.selectors("select")
    config.ignore = get.selectors("ignore")
    config.include, config.exclude = get.strings("include"), get.strings("exclude")
    config.severity = {str(code).upper(): Severity.parse(get.choice(f"severity.{code}", value, SEVERITY_NAMES))
                       for code, value in get.mapping("severity").items()}
    config.per_file_ignores = tuple((str(glob), get.selectors(f"per-file-ignores.{glob}", value))
                                    for glob, value in get.mapping("per-file-ignores").items())
    if "fail-on" in data:
        config.fail_on = get.choice("fail-on", data["fail-on"], FAIL_ON)
    accepted = get.mapping("accepted-statements")
    for category, texts in accepted.items():
        get.choice(f"accepted-statements.{category}", category, ACCEPTED_CATEGORIES, what="category")
        config.accepted[category] = get.strings(f"accepted-statements.{category}", texts)
    config.approved = tuple(get.claim(i, item) for i, item in enumerate(get.list("approved-claims")))
    if "require-reason" in data:
        if not isinstance(data["require-reason"], bool):
            raise config.error("require-reason", "must be true or false")
        config.require_reason = data["require-reason"]
    return config


SEVERITY_NAMES = ("error", "warning", "info")


class _Getter:
    """Typed reads of raw values; each failure names the key and its line."""

    def __init__(self, config: Config, data: dict) -> None:
        self.config, self.data = config, data

    def error(self, key: str, message: str) -> ConfigError:
        lines = self.config.lines
        parts = key.split(".")
        line = next((lines[k] for k in (".".join(parts[:i]) for i in range(len(parts), 0, -1)) if k in lines), 0)
        return ConfigError(self.config.path, line, key, message)

    def list(self, key: str) -> list:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            raise self.error(key, "must be a list")
        return value

    def strings(self, key: str, value: Any = None) -> tuple[str, ...]:
        value = self.data.get(key) if value is None else value
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.error(key, "must be a list of strings")
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.error(f"{key}.{i}", f"must be a non-empty string, not {item!r}")
        return tuple(value)

    def selectors(self, key: str, value: Any = None) -> tuple[str, ...]:
        """A list of selectors, remembering the line of each (for errors found once the pack is loaded)."""
        out: list[str] = []
        for i, item in enumerate(self.strings(key, value)):
            line = self.config.lines.get(f"{key}.{i}", self.config.lines.get(key, 0))
            for selector in parse_selectors([item]):
                self.config.lines.setdefault(f"{key}:{selector}", line)
                out.append(selector)
        return tuple(out)

    def mapping(self, key: str) -> dict:
        value = self.data.get(key) or {}
        if not isinstance(value, dict):
            raise self.error(key, "must be a mapping")
        return value

    def choice(self, key: str, value: Any, choices: tuple[str, ...], what: str = "value") -> str:
        if value not in choices:
            raise self.error(key, f"{what} must be one of {', '.join(choices)}, not {value!r}")
        return value

    def claim(self, i: int, item: Any) -> ApprovedClaim:
        key = f"approved-claims.{i}"
        if not isinstance(item, dict) or set(item) != {"text", "reference"}:
            raise self.error(key, "each approved claim is a mapping with exactly 'text' and 'reference'")
        for part in ("text", "reference"):
            if not isinstance(item[part], str) or not item[part].strip():
                raise self.error(f"{key}.{part}", "must be a non-empty string")
        return ApprovedClaim(" ".join(item["text"].split()), item["reference"].strip())


NO_CONFIG = Config()


def resolve(config_path: str | None, paths: list[str] | tuple[str, ...], isolated: bool = False) -> Config:
    """The run's configuration: none with `isolated`, the named file, else the files found from the paths up to
    the repository's top, the nested ones laid over the root as it allows, else the defaults."""
    if isolated:
        return Config()
    if config_path:
        return load_config(config_path)
    chain = [load_config(p) for p in reversed(discover_all(paths))]  # outermost first
    if not chain:
        return Config()
    top = repository_top(chain[-1].root)
    root = chain[0] if top is None or chain[0].root == top else Config(root=top)
    merged = root
    for nested in chain[1:] if root is chain[0] else chain:
        merged = _lay_over(merged, nested, root)
    return merged


def _lay_over(base: Config, nested: Config, root: Config) -> Config:
    """`nested` over `base`: what it sets wins if the root allows relaxing, else only what tightens (packs added,
    a severity raised to error, a stricter `fail-on`); anything else is an error naming the nested file and key."""
    for key in sorted(nested.given & set(ROOT_ONLY)):
        raise nested.error(key, "only the root configuration (at the repository's top) may set this")
    if root.nested != "relax":
        _only_tightens(base, nested, root.path or "the defaults (no config at the top)")
    rules = base.rules + tuple(r for r in nested.rules if r not in base.rules)
    paths_from = nested if nested.given & {"include", "exclude", "per-file-ignores"} else base
    inherited = {key: getattr(nested if key in nested.given else base, name) for key, name in KEY_FIELDS.items()}
    return replace(base, path=nested.path, root=paths_from.root, rules=rules, select=inherited["select"],
                   ignore=inherited["ignore"], severity=base.severity | nested.severity,
                   per_file_ignores=paths_from.per_file_ignores, include=paths_from.include,
                   exclude=paths_from.exclude, fail_on=nested.fail_on or base.fail_on,
                   accepted=inherited["accepted-statements"], approved=inherited["approved-claims"],
                   require_reason=inherited["require-reason"], given=base.given | nested.given,
                   lines=nested.lines, nested=root.nested)


STRICTNESS = {"info": 0, "warning": 1, "error": 2, "never": 3}  # fail-on: lower fails on more


def _only_tightens(base: Config, nested: Config, root: str) -> None:
    """Raise the ConfigError for the first key of `nested` that could relax the checks `base` makes."""
    refuse = lambda key, why="": nested.error(key, why + _NO_RELAX.format(root=root))
    for key in sorted(nested.given - set(TIGHTENING)):
        raise refuse(key)
    for code, level in nested.severity.items():  # the rule's own severity is not known here: only up to the top
        if level < base.severity.get(code, Severity.ERROR):
            raise refuse(f"severity.{code}", "may only raise a severity (to error); ")
    if nested.fail_on and STRICTNESS[nested.fail_on] > STRICTNESS[base.fail_on or "info"]:
        raise refuse("fail-on", "raises fail-on; ")
    if "require-reason" in nested.given and not nested.require_reason:
        raise refuse("require-reason")


_NO_RELAX = ("a nested config may only tighten the checks: {root} does not allow relaxing them "
             "(set 'nested-configs: relax' there to allow it)")
KEY_FIELDS = {"select": "select", "ignore": "ignore", "accepted-statements": "accepted",
              "approved-claims": "approved", "require-reason": "require_reason"}


def repository_top(folder: Path) -> Path | None:
    """The folder holding `.git` at or above `folder`, if any."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder.resolve())
    except ValueError:
        return False
    return True


STARTER = """\
# mlint configuration: see the README, section "Configuration".
# Paths and globs are relative to this file.  Command-line options override these values.

# Extra rule pack folders or files, added to the built-in pack.
rules: []

# Which rules run: codes (MED101), code prefixes (MED1) or categories (safety-overclaim).
select: []
ignore: []

# Severity per rule code: error, warning or info.
severity: {}
#  MED701: info

# Rules to skip in some files: glob -> codes, prefixes or categories.
per-file-ignores: {}
#  "legal/**": [missing-disclaimer]

# Files to check when a folder is given (default: every .md .markdown .mdx .html .htm .txt file),
# and files never to check (also when named on the command line, as pre-commit does).
include: []
exclude: []
#  - "drafts/**"

# Lowest severity that makes the exit code 1: error, warning, info or never.
fail-on: info

# The company's own wordings that satisfy the page-level disclaimer and FDA-status rules.
accepted-statements: {}
#  missing-disclaimer:
#    - "Nothing on this page is medical advice; please talk to your physician."
#  missing-fda-disclosure:
#    - "Our cell therapies are not approved by the FDA."

# Claim wordings your reviewer approved, each with its substantiation (a study, a label, a trial id).
approved-claims: []
#  - text: "In a 2021 trial, 62% of patients reported less knee pain at 12 months."
#    reference: "NCT01234567, J Orthop Res 2021;39:1234"

# Report suppression directives that give no reason (mlint-disable CODE -- reason).
require-reason: true
"""

PRE_COMMIT = """\
Add this to .pre-commit-config.yaml to check copy on every commit (rev: a tag or commit of mlint):

repos:
  - repo: https://github.com/OWNER/mlint
    rev: v0.1.0
    hooks:
      - id: mlint

With mlint already installed, a local hook works too:

  - repo: local
    hooks:
      - id: mlint
        name: mlint
        entry: mlint check --no-color
        language: system
        types_or: [markdown, mdx, html, plain-text]
"""


def write_starter(folder: str = ".", force: bool = False) -> Path:
    """Write a commented starter `.mlint.yaml` in `folder`; refuse to overwrite one unless `force`."""
    target = Path(folder) / FILENAMES[0]
    if target.exists() and not force:
        raise ConfigError(str(target), 0, "", "already exists (use --force to overwrite it)")
    try:
        target.write_text(STARTER, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(target), 0, "", f"cannot write: {exc.strerror or exc}") from None
    return target
