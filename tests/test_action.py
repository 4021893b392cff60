"""The composite GitHub Action, run the way the runner runs it: each `run:` script by bash, with the GITHUB_*
variables and files in a temporary folder, `${{ inputs.* }}` and `${{ github.* }}` expressions filled in, and
GITHUB_PATH / GITHUB_OUTPUT read back between steps.

Installing the action (`pip install "$GITHUB_ACTION_PATH"` into a fresh virtual environment) needs the package
index, as the runner does; it is done once for the module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

CHECKOUT = Path(__file__).resolve().parents[1]
ACTION = yaml.safe_load((CHECKOUT / "action.yml").read_text(encoding="utf-8"))
EXPRESSION = re.compile(r"\$\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}")
CLAIM = "Our stem cell injections regenerate cartilage in worn knees."
DISCLAIMER = "This page is not medical advice; talk to your own physician. Individual results vary."

pytestmark = pytest.mark.skipif(shutil.which("bash") is None or shutil.which("git") is None,
                                reason="bash and git are needed to run the action's steps")


def page(*paragraphs: str) -> str:
    return "# Knee care\n\n" + "\n\n".join(paragraphs) + "\n"


class Runner:
    """Just enough of the Actions runner for a composite action with bash steps."""

    def __init__(self, root: Path, workspace: Path, event: dict) -> None:
        self.root, self.workspace = root, workspace
        (root / "runner").mkdir(exist_ok=True)
        event_path = root / "event.json"
        event_path.write_text(json.dumps(event), encoding="utf-8")
        self.github = {"event": event, "workspace": str(workspace), "action_path": str(root / "action")}
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_", "INPUT_"))}
        self.env |= {"GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_WORKSPACE": str(workspace),
                     "GITHUB_ACTION_PATH": str(root / "action"), "GITHUB_EVENT_PATH": str(event_path),
                     "RUNNER_TEMP": str(root / "runner")}
        self.path_entries: list[str] = []

    def expression(self, name: str, inputs: dict[str, str]) -> str:
        scope, _, rest = name.partition(".")
        value: object = inputs if scope == "inputs" else self.github if scope == "github" else {}
        for part in rest.split("."):
            value = value.get(part, "") if isinstance(value, dict) else ""
        return "" if value is None else str(value)

    def run_step(self, step: dict, inputs: dict[str, str], files: dict[str, Path]) -> subprocess.CompletedProcess:
        sub = lambda text: EXPRESSION.sub(lambda m: self.expression(m[1], inputs), str(text))
        env = dict(self.env) | {k: sub(v) for k, v in (step.get("env") or {}).items()}
        env |= {f"GITHUB_{name.upper()}": str(path) for name, path in files.items()}
        env["PATH"] = os.pathsep.join([*self.path_entries, env["PATH"]])
        script = self.root / "step.sh"
        script.write_text(sub(step["run"]), encoding="utf-8")
        assert step["shell"] == "bash"
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=self.workspace,
                              env=env, capture_output=True, text=True, timeout=600)
        self.path_entries = [*reversed(files["path"].read_text(encoding="utf-8").split()), *self.path_entries]
        return done

    def run(self, **given: str) -> dict:
        """Run every step with these inputs; stop at the first failing step, as the runner does."""
        unknown = set(given) - set(ACTION["inputs"])
        assert not unknown, unknown
        inputs = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()} | given
        files = {name: self.root / f"{name}.txt" for name in ("output", "step_summary", "path", "env")}
        steps = {}
        for step in ACTION["runs"]["steps"]:
            if step["name"] == "Install mlint" and self.path_entries:
                continue  # installed once for the module
            for path in files.values():
                path.write_text("", encoding="utf-8")
            done = self.run_step(step, inputs, files)
            outputs = dict(line.split("=", 1) for line in files["output"].read_text().splitlines() if "=" in line)
            steps[step.get("id", step["name"])] = {"code": done.returncode, "stdout": done.stdout,
                                                   "stderr": done.stderr, "outputs": outputs,
                                                   "summary": files["step_summary"].read_text(encoding="utf-8")}
            if done.returncode:
                break
        return steps


@pytest.fixture(scope="module")
def runner(tmp_path_factory) -> Runner:
    root = tmp_path_factory.mktemp("actions")
    shutil.copytree(CHECKOUT, root / "action", ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", "benchmarks"))
    workspace = root / "workspace"
    workspace.mkdir()
    git_env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": str(root / "gitconfig"),
               "GIT_CONFIG_NOSYSTEM": "1"}
    git = lambda *args: subprocess.run(["git", *args], cwd=workspace, check=True, capture_output=True, text=True,
                                       env=os.environ | git_env).stdout.strip()
    (workspace / "content").mkdir()
    (workspace / "content" / "legacy.md").write_text(page(CLAIM, DISCLAIMER), encoding="utf-8")
    (workspace / "content" / "clean.md").write_text(page("Clinic hours are nine to five.", DISCLAIMER), "utf-8")
    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-q", "-m", "legacy copy")
    base = git("rev-parse", "HEAD")
    (workspace / "content" / "new.md").write_text(page("The injections restore damaged discs.", DISCLAIMER), "utf-8")
    git("add", ".")
    git("commit", "-q", "-m", "new page")
    run = Runner(root, workspace, {"pull_request": {"base": {"sha": base}, "number": 7}})
    run.env |= git_env
    files = {name: root / f"{name}.txt" for name in ("output", "step_summary", "path", "env")}
    for path in files.values():
        path.write_text("", encoding="utf-8")
    install = run.run_step(ACTION["runs"]["steps"][0], {"python": sys.executable}, files)
    assert install.returncode == 0, install.stderr
    return run


def test_action_declares_the_documented_inputs():
    assert {"paths", "fail-on", "sarif-file", "args", "changed-only"} <= set(ACTION["inputs"])
    assert ACTION["runs"]["using"] == "composite"
    assert all(step["shell"] == "bash" for step in ACTION["runs"]["steps"])


def test_annotations_summary_sarif_and_failing_step(runner):
    check = runner.run(paths="content", **{"sarif-file": "out/mlint.sarif"})["check"]
    assert check["code"] == 1 and check["outputs"] == {"exit-code": "1"}
    annotations = [line for line in check["stdout"].splitlines() if line.startswith("::")]
    assert any(a.startswith("::error file=content/legacy.md,line=3,") and "title=MED101" in a for a in annotations)
    assert any(a.startswith("::error file=content/new.md,line=3,") for a in annotations)
    assert not any("clean.md" in a for a in annotations)
    assert check["summary"].startswith("### mlint: ")
    assert "| severity | where | rule | message |" in check["summary"]
    assert "`content/legacy.md:3:" in check["summary"] and "`content/new.md:3:" in check["summary"]
    sarif = json.loads((runner.workspace / "out" / "mlint.sarif").read_text(encoding="utf-8"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"content/legacy.md", "content/new.md"}


def test_changed_only_judges_the_pull_request_on_what_it_adds(runner):
    check = runner.run(paths="content", **{"changed-only": "true"})["check"]
    assert check["code"] == 1
    files = {m for m in re.findall(r"^::\w+ file=([^,]+),", check["stdout"], re.M)}
    assert files == {"content/new.md"}


def test_fail_on_and_args(runner):
    assert runner.run(paths="content", **{"fail-on": "never"})["check"]["code"] == 0
    selected = runner.run(paths="content/legacy.md\ncontent/clean.md", args="--select MED101")["check"]
    titles = re.findall(r"title=(\w+)", selected["stdout"])
    assert selected["code"] == 1 and titles and set(titles) == {"MED101"}
    assert "in 1 of 2 files" in selected["summary"]


def test_input_errors_fail_the_step_whatever_fail_on(runner):
    (runner.workspace / "broken.md").write_bytes(b"caf\xff\n")
    try:
        check = runner.run(paths="broken.md", **{"fail-on": "never"})["check"]
    finally:
        (runner.workspace / "broken.md").unlink()
    assert check["code"] == 2
    assert check["stdout"].startswith("::error file=broken.md,title=mlint%3A input error::not valid UTF-8")


def test_a_diff_base_that_looks_like_an_option_is_refused(runner):
    check = runner.run(paths="content", **{"changed-only": "true", "diff-base": "--upload-pack=touch pwned"})["check"]
    assert check["code"] == 2 and "diff-base is not a git ref or commit" in check["stdout"]
    assert not (runner.workspace / "pwned").exists()


def test_a_folder_name_with_a_space_is_one_path(runner):
    folder = runner.workspace / "our pages"
    folder.mkdir()
    (folder / "knee.md").write_text(page(CLAIM, DISCLAIMER), encoding="utf-8")
    try:
        check = runner.run(paths="our pages\ncontent/clean.md")["check"]
    finally:
        shutil.rmtree(folder)
    assert check["code"] == 1 and "::error file=our pages/knee.md," in check["stdout"]
    assert "in 1 of 2 files" in check["summary"]


def test_example_workflow_uses_only_declared_inputs():
    workflow = yaml.safe_load((CHECKOUT / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    mlint = next(s for s in steps if s.get("uses", "").split("@")[0].endswith("/mlint"))
    assert set(mlint["with"]) <= set(ACTION["inputs"])
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == mlint["with"]["sarif-file"]
