"""Set-up of the official MicroPython WebAssembly build from npm, into build/bench/official."""

import fcntl
import json
import shutil
import subprocess

from bench.errors import BenchError

PACKAGE = "@micropython/micropython-webassembly-pyscript"
DEFAULT_VERSION = "1.27.0"
INSTALL_TIMEOUT = 300
# One retry after a short wait: npm's own back-off (10-60 s) made an unreachable registry cost 71 s per run.
FETCH_RETRY_OPTIONS = ["--fetch-retries=1", "--fetch-retry-mintimeout=2000", "--fetch-retry-maxtimeout=5000"]


def package_folder(prefix):
    return prefix / "node_modules" / PACKAGE


def installed_version(prefix):
    try:
        return json.loads((package_folder(prefix) / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def install_official(prefix, version, log):
    """Install (once) the pinned package with `npm install --prefix`; return its folder.

    Raises BenchError with the reason when npm is missing or the registry cannot be reached.
    """
    if shutil.which("npm") is None:
        raise BenchError("npm is not installed (apt-get install npm), so the official build cannot be fetched")
    prefix.mkdir(parents=True, exist_ok=True)
    with open(prefix / ".lock", "a") as lock:  # two benchmark runs must not install at once
        fcntl.flock(lock, fcntl.LOCK_EX)
        if installed_version(prefix) != version:
            log(f"official: npm install {PACKAGE}@{version} into {prefix}")
            command = ["npm", "install", "--prefix", str(prefix), "--no-save", "--no-package-lock", "--no-audit",
                       "--no-fund", *FETCH_RETRY_OPTIONS, f"{PACKAGE}@{version}"]
            try:
                completed = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
            except subprocess.TimeoutExpired:
                raise BenchError(f"`npm install {PACKAGE}@{version}` did not finish within {INSTALL_TIMEOUT} s "
                                 "(is the npm registry reachable?)") from None
            if completed.returncode != 0:
                # npm's first error lines say what went wrong (code, request); the rest is advice.
                reason = [line.replace("npm error", "").strip() for line in completed.stderr.splitlines()
                          if line.startswith(("npm error", "npm ERR!"))]
                reason = [line for line in reason if line][:2]
                raise BenchError(f"`npm install {PACKAGE}@{version}` failed (npm registry unreachable, or no such "
                                 f"version?): {' / '.join(reason) or completed.stderr.strip()[-300:]}")
            if installed_version(prefix) != version:
                raise BenchError(f"npm reported success but {package_folder(prefix)} does not hold version {version}")
    folder = package_folder(prefix)
    for name in ("micropython.mjs", "micropython.wasm"):
        if not (folder / name).is_file():
            raise BenchError(f"{folder / name} is missing from the npm package {PACKAGE}@{version}")
    return folder
