"""The repository stands alone (no path outside it) and is ready for Binder."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT


def tracked_files() -> list[str]:
    result = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0 or not result.stdout.strip():
        return [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*") if p.is_file() and "_build" not in p.parts and ".venv" not in p.parts and ".git" not in p.parts]
    return result.stdout.split()


def test_nothing_points_outside_the_repository():
    """Binder and a reader's clone have only this repository: no file may read a sibling folder."""
    outside = re.compile(r"\.\./share[d]|/work/share[d]")
    offenders = []
    for name in tracked_files():
        path = ROOT / name
        if path.suffix in (".txt", ".py", ".ipynb", ".md", ".yml", ".yaml", ".json", ".cfg", ".toml", ".csv", "") and path.is_file():
            if outside.search(path.read_text(encoding="utf-8", errors="ignore")):
                offenders.append(name)
    assert not offenders, f"these files refer to a folder outside the repository: {offenders}"


def _requirement_lines(name: str) -> list[str]:
    """The requirement lines of a pip requirements file, without comments (pip-compile's
    indented "# via" notes included) or blank lines."""
    lines = []
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def _canonical(name: str) -> str:
    """A package name as pip compares names (PEP 503): jupyterlab_widgets is jupyterlab-widgets."""
    return re.sub(r"[-_.]+", "-", name).lower()


def test_binder_files():
    """requirements.txt is the full lock made from requirements.in: every package a reader gets
    is pinned, and the helper package is installed from a relative path (Binder copies the
    repository elsewhere, so an absolute file:// path would point nowhere)."""
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    lines = _requirement_lines("requirements.txt")
    assert "-e ." in lines, "requirements.txt must install the helper package (-e .)"
    editable = [l for l in lines if l.startswith(("-e", "--editable"))]
    assert editable == ["-e ."], f"the only editable line must be the relative '-e .', not {editable}"
    assert not any("file:" in l or "/work/" in l for l in lines), "requirements.txt must not name an absolute path"
    options = [l for l in lines if l.startswith("-") and l != "-e ."]
    assert not options, f"requirements.txt must not set pip options (index URLs, find-links): {options}"
    pin = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^=\s;]+)$")
    unpinned = [l for l in lines if l != "-e ." and not pin.match(l)]
    assert not unpinned, f"pin these exactly (name==version): {unpinned}"
    pins = {_canonical(m.group(1)): m.group(2) for m in map(pin.match, lines) if m}
    assert len(pins) == len(lines) - 1, "a package is pinned twice in requirements.txt"
    for needed in ("jupyter-book", "pandas", "matplotlib", "ipywidgets", "ipykernel"):
        assert needed in pins
    assert pins["jupyter-book"].startswith("1."), "the book is built with jupyter-book 1.x"
    assert not (ROOT / "environment.yml").exists(), "repo2docker would prefer environment.yml over requirements.txt"

    # Every direct dependency in requirements.in is in the lock, at its pinned version if it has one.
    direct = _requirement_lines("requirements.in")
    assert "-e ." in direct, "requirements.in must list the helper package (-e .)"
    missing, differs = [], []
    for line in direct:
        if line == "-e .":
            continue
        name = _canonical(re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0])
        if name not in pins:
            missing.append(line)
        elif "==" in line and line.split("==", 1)[1].strip() != pins[name]:
            differs.append(f"{line} (requirements.txt has {pins[name]})")
    assert not missing, f"in requirements.in but not pinned in requirements.txt: {missing}; regenerate the lock (README)"
    assert not differs, f"requirements.txt does not match requirements.in: {differs}; regenerate the lock (README)"


def test_launch_buttons_and_single_repository_setting():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    buttons = config["launch_buttons"]
    assert buttons.get("binderhub_url", "").startswith("https://")
    assert buttons.get("thebe") is False, "Live Code (Thebe) stays off: it needs a CDN and mybinder.org (DESIGN §6)"
    assert config["repository"]["url"].startswith("https://github.com/")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "repository:" in readme and "url:" in readme, "README must say where the repository URL is set"


def test_prose_dollar_signs_do_not_become_math():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    extensions = config["parse"]["myst_enable_extensions"]
    assert "dollarmath" not in extensions and "amsmath" not in extensions


def test_repo2docker_builds_on_python_311_and_installs_after_copying_the_repo(tmp_path):
    """What Binder would do, short of building the image: repo2docker's generated Dockerfile."""
    import shutil
    import sys
    from pathlib import Path

    r2d = Path(sys.executable).parent / "repo2docker"
    if not r2d.exists():
        r2d = shutil.which("repo2docker")
    assert r2d, "repo2docker is a test requirement (requirements-test.txt)"
    result = subprocess.run([str(r2d), "--no-build", "--debug", str(ROOT)], capture_output=True, text=True, timeout=300)
    dockerfile = result.stdout + result.stderr
    assert "python=3.11" in dockerfile, "Binder must build on Python 3.11 (runtime.txt)"
    copy_all = dockerfile.find("COPY --chown=0:0 src/ ${REPO_DIR}/")
    install = dockerfile.find('pip install --no-cache-dir -r "requirements.txt"')
    assert copy_all != -1 and install != -1, "requirements.txt must be installed by repo2docker"
    assert copy_all < install, "the repository must be copied before requirements.txt installs it (-e .)"


PLACEHOLDER_REPOSITORY = "https://github.com/OWNER/REPO"


def publish_problems(config: dict) -> list[str]:
    """What stops the book being published: today, only the repository address placeholder."""
    url = (config.get("repository") or {}).get("url", "")
    problems = []
    if not url or "OWNER/REPO" in url:
        problems.append(f"_config.yml repository.url is {url!r}: set it to the published repository before publishing (Binder buttons are built from it)")
    return problems


def test_the_publish_check_fails_on_the_placeholder():
    assert publish_problems({"repository": {"url": PLACEHOLDER_REPOSITORY}})
    assert publish_problems({})
    assert not publish_problems({"repository": {"url": "https://github.com/someone/reopening-book"}})


@pytest.mark.skipif(os.environ.get("REOPENING_PUBLISH") != "1", reason="publish check: set REOPENING_PUBLISH=1 before publishing (off in CI, where the address is not known)")
def test_ready_to_publish():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    problems = publish_problems(config)
    assert not problems, "\n".join(problems)


def readme_python_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", readme, flags=re.S)


def test_readme_python_snippets_run():
    blocks = readme_python_blocks()
    assert blocks, "the README shows authors how to use the helper package in at least one python block"
    for block in blocks:
        result = subprocess.run([sys.executable, "-c", block], cwd=ROOT / "chapters", capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"})
        assert result.returncode == 0, f"README snippet failed:\n{block}\n{result.stderr[-2000:]}"


def test_every_reopening_name_the_readme_mentions_exists():
    """After a plain ``import reopening``, every ``reopening.x.y`` the README names resolves."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = sorted(set(re.findall(r"\breopening(?:\.[A-Za-z_]\w*)+", readme)))
    assert names, "the README names no part of the helper package"
    code = "import reopening\nmissing = []\n"
    code += "".join(f"try:\n    {n}\nexcept AttributeError:\n    missing.append({n!r})\n" for n in names)
    code += "print('\\n'.join(missing))\n"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not result.stdout.strip(), "the README names parts of reopening that do not exist after `import reopening`:\n" + result.stdout
