"""tools/: the user-facing entry points run their mpbuild module's main() from any folder (the logic and its
tests are the modules': test_watch.py, test_devserver.py, test_provision.py)."""

import subprocess
import sys

import pytest

from buildtree import REPO

TOOLS = REPO / "tools"


def run_tool(name, *args, cwd=None):
    return subprocess.run([str(TOOLS / name), *args], cwd=cwd, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name, module", [("watch", "watch"), ("serve", "devserver"), ("provision", "provision")])
def test_help_is_the_modules_own(name, module, tmp_path):
    result = run_tool(name, "--help", cwd=tmp_path)
    direct = subprocess.run([sys.executable, str(REPO / "site_scons" / "mpbuild" / f"{module}.py"), "--help"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == direct.returncode == 0, result.stderr
    assert result.stdout == direct.stdout and result.stdout.strip()


def test_provision_check_reports_the_tree_in_use(tmp_path):
    result = run_tool("provision", "--check", cwd=tmp_path)
    direct = subprocess.run([sys.executable, "-m", "mpbuild.provision", "--check"], cwd=REPO / "site_scons",
                            capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (direct.returncode, direct.stdout), result.stderr
    assert "micropython/" in result.stdout


def test_serve_serves_a_folder_given_relative_to_the_caller(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<title>x</title>")
    process = subprocess.Popen([str(TOOLS / "serve"), "site", "--port", "0", "--quiet"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert "Serving" in process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
