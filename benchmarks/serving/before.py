"""`itukg serve` from the source of another revision (--before): a git worktree, the source first on sys.path."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from .processes import Server, cmdline, descendants, log, run
from .settings import BEFORE, BIN, ITUKG_ENV, ROOT


# `itukg serve` from the source of another revision (--before), by this venv's Python: the old source goes
# first on sys.path. The editable install's finder comes after the path finder in sys.meta_path, so the
# path wins for every itukg package; a process started by multiprocessing's "spawn" (the engine) is given
# the parent's sys.path before it unpickles its target, so it imports the old source too.
_BEFORE_PRELUDE = """
import sys
sys.path.insert(0, {pkg!r})
import itukg.api
"""
_BEFORE_SERVE = _BEFORE_PRELUDE + """
print("itukg.api from " + itukg.api.__file__, flush=True)
from itukg.api.cli import main
sys.argv = ["itukg", *sys.argv[1:]]
sys.exit(main())
"""
# which files a process with that sys.path imports, and a process it spawns (as the engine is spawned)
_BEFORE_CHECK = _BEFORE_PRELUDE + """
import concurrent.futures, json, multiprocessing
FILES = "{{name: __import__(name, fromlist=['_']).__file__ for name in {names!r}}}"
with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
    spawned = pool.submit(eval, FILES).result()
print(json.dumps({{"process": eval(FILES), "spawned": spawned}}))
"""


# ------------------------------------------------------------------------------------------ --before


def _inside(file: str | Path, folder: str | Path) -> bool:
    return Path(file).resolve().is_relative_to(Path(folder).resolve())


def prepare_before(rev: str, tmp: Path) -> dict:
    """A git worktree of `rev` in `tmp`, and beside it a folder `itukg/` of links into it, one a package of the
    install's package-dir mapping (as the old pyproject.toml gives it); `itukg_serve_argv` puts that folder first
    on sys.path. Checks that a process started so, and a process it spawns, import every itukg package (and the
    cli and engine modules) from the worktree."""
    found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=ROOT,
                           capture_output=True, text=True, check=False)
    if found.returncode != 0:
        raise RuntimeError(f"--before {rev}: not a commit of {ROOT}")
    commit = found.stdout.strip()
    src, pkg = tmp / "before-src", tmp / "before-pkg"
    run(["git", "worktree", "add", "--detach", "--quiet", str(src), commit])
    mapping = tomllib.loads((src / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    (pkg / "itukg").mkdir(parents=True)
    for package, folder in mapping.items():
        (pkg / "itukg" / package.split(".", 1)[1]).symlink_to(src / folder, target_is_directory=True)
    names = tuple(sorted({*mapping, "itukg.api.cli", "itukg.api.engine"}))
    check = subprocess.run([sys.executable, "-c", _BEFORE_CHECK.format(pkg=str(pkg), names=names)], cwd=ROOT,
                           env=ITUKG_ENV, capture_output=True, text=True, timeout=300, check=False)
    if check.returncode != 0:
        raise RuntimeError(f"--before {rev}: the import check failed:\n{check.stderr[-2000:]}")
    files = json.loads(check.stdout.strip().splitlines()[-1])
    outside = {f"{where} {name}": file for where, modules in files.items() for name, file in modules.items()
               if not _inside(file, src)}
    if outside:
        raise RuntimeError(f"--before {rev}: imported from elsewhere than the worktree {src}: {outside}")
    return {"rev": rev, "commit": commit, "source": str(src), "packages": str(pkg), "imports_checked": files}


def itukg_serve_argv(store: str, port: int, before: dict | None = None) -> list[str]:
    """`itukg serve` as installed, or (`before`: from `prepare_before`) from the old source, its web process
    first printing where it imported itukg.api from."""
    args = ["serve", "--store", store, "--port", str(port)]
    if before is None:
        return [str(BIN / "itukg"), *args]
    return [sys.executable, "-c", _BEFORE_SERVE.format(pkg=before["packages"]), *args]


def check_before_running(server: Server, before: dict) -> dict:
    """Which code the started itukg-before runs: its web process's itukg.api (which it prints), and the source
    files on its engine process's stacks (py-spy dump, where py-spy is installed): those of the worktree, and
    none of this work tree's. Raises if either is not the old source."""
    src = Path(before["source"])
    web = next((line.split(" from ", 1)[1] for line in server.log_path.read_text(errors="replace").splitlines()
                if line.startswith("itukg.api from ")), None)
    if web is None or not _inside(web, src):
        raise RuntimeError(f"{BEFORE}: its web process imported itukg.api from {web}, not from {src}")
    out = {"web_process_itukg_api": web}
    engines = [pid for pid in descendants(server.pid) if "spawn_main" in (cmdline(pid) or "")]
    py_spy = BIN / "py-spy"
    if not engines or not py_spy.exists():
        out["engine"] = "not checked: " + ("no engine process" if not engines else "py-spy is not installed")
        return out
    dump = subprocess.run([str(py_spy), "dump", "--full-filenames", "--pid", str(engines[0])], capture_output=True,
                          text=True, timeout=60, check=False)
    if dump.returncode != 0:
        out["engine"] = f"not checked: py-spy dump failed ({dump.returncode}): {dump.stderr.strip()[-300:]}"
        return out
    files = set(re.findall(r"\((/[^()]+?\.py):\d+\)", dump.stdout))
    old = sorted(f for f in files if _inside(f, src))
    new = sorted(f for f in files if _inside(f, ROOT) and not _inside(f, BIN.parent))
    if new or not old:
        raise RuntimeError(f"{BEFORE}: its engine process (pid {engines[0]}) runs {new or 'no itukg file'}, not "
                           f"the source of {src}:\n{dump.stdout[-3000:]}")
    out["engine_pid"], out["engine_stack_files"] = engines[0], old
    return out


def remove_worktree(src: Path) -> None:
    if src.exists():
        removed = subprocess.run(["git", "worktree", "remove", "--force", str(src)], cwd=ROOT, capture_output=True,
                                 text=True, check=False)
        log(f"removed the worktree {src}" if removed.returncode == 0 else
            f"git worktree remove {src} failed: {removed.stderr.strip()}")
