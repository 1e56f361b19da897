"""The preprocessor command read from a compiler driver's `-### -E` listing."""

import os
import shutil
import subprocess

import pytest

from mpbuild import preprocessor

PROBE = "/tmp/tmpab12/probe.c"

GCC_LISTING = f"""\
Using built-in specs.
COLLECT_GCC=gcc
Target: x86_64-linux-gnu
Configured with: ../src/configure -v --with-pkgversion='Debian 12.2.0-14' --enable-languages=c,ada,c++
Thread model: posix
gcc version 12.2.0 (Debian 12.2.0-14)
COLLECT_GCC_OPTIONS='-E' '-std=gnu99' '-O2' '-g' '-o' '/tmp/tmpab12/probe.i' '-mtune=generic' '-march=x86-64' '-dumpdir' '/tmp/tmpab12/'
 /usr/lib/gcc/x86_64-linux-gnu/12/cc1 -E -quiet -imultiarch x86_64-linux-gnu {PROBE} -o /tmp/tmpab12/probe.i "-mtune=generic" "-march=x86-64" "-std=gnu99" -g -fworking-directory -O2 -fasynchronous-unwind-tables -dumpdir /tmp/tmpab12/ -dumpbase probe.c -dumpbase-ext .c
COLLECT_GCC_OPTIONS='-E' '-std=gnu99' '-O2' '-g' '-o' '/tmp/tmpab12/probe.i' '-mtune=generic' '-march=x86-64' '-dumpdir' '/tmp/tmpab12/probe.'
"""

CLANG_LISTING = f"""\
Debian clang version 14.0.6
Target: x86_64-pc-linux-gnu
Thread model: posix
InstalledDir: /usr/bin
 "/usr/lib/llvm-14/bin/clang" "-cc1" "-triple" "x86_64-pc-linux-gnu" "-E" "-main-file-name" "probe.c" "-O2" "-std=gnu99" "-o" "/tmp/tmpab12/probe.i" "-x" "c" "{PROBE}"
"""


def test_gcc_runs_cc1_without_the_probes_input_and_outputs():
    assert preprocessor.direct_command(GCC_LISTING, PROBE) == [
        "/usr/lib/gcc/x86_64-linux-gnu/12/cc1", "-E", "-quiet", "-imultiarch", "x86_64-linux-gnu",
        "-mtune=generic", "-march=x86-64", "-std=gnu99", "-g", "-fworking-directory", "-O2",
        "-fasynchronous-unwind-tables"]


def test_clang_runs_its_cc1_mode():
    assert preprocessor.direct_command(CLANG_LISTING, PROBE) == [
        "/usr/lib/llvm-14/bin/clang", "-cc1", "-triple", "x86_64-pc-linux-gnu", "-E", "-O2", "-std=gnu99",
        "-x", "c"]


def test_environment_lines_that_name_the_probe_are_not_commands():
    listing = f"COLLECT_GCC_OPTIONS='-E' '{PROBE}'\n"
    with pytest.raises(preprocessor.NoDirectCommand, match="no command"):
        preprocessor.direct_command(listing, PROBE)


def test_a_listing_without_the_probe_has_no_command():
    with pytest.raises(preprocessor.NoDirectCommand, match="no command"):
        preprocessor.direct_command("Using built-in specs.\nThread model: posix\n", PROBE)


def test_a_command_that_does_not_preprocess_is_refused():
    listing = f" /usr/lib/gcc/x86_64-linux-gnu/12/cc1 -quiet {PROBE} -o /tmp/tmpab12/probe.s\n"
    with pytest.raises(preprocessor.NoDirectCommand, match="does not preprocess"):
        preprocessor.direct_command(listing, PROBE)


def test_unbalanced_quotes_are_skipped_not_fatal():
    listing = "Configured with: --with-pkgversion='Debian\n" + GCC_LISTING
    assert preprocessor.direct_command(listing, PROBE)[0].endswith("/cc1")


# Probing a real compiler (gcc is part of the host toolchain every build needs).

SAMPLE = """\
#include <stdio.h>
#define QSTR(name) MP_QSTR_ ## name
int sample[] = { QSTR(print), SAMPLE_VALUE, __STDC_VERSION__ };
"""


def gcc():
    found = shutil.which("gcc")
    assert found, "gcc is needed (apt-get install gcc, or tools/setup.sh)"
    return found


def test_probe_finds_gccs_preprocessor_and_it_prints_what_the_driver_prints(tmp_path):
    driver = [gcc(), "-std=gnu99", "-O2", "-g", "-E"]
    command = preprocessor.probe(driver, str(tmp_path), os.environ)
    assert os.path.basename(command[0]).startswith("cc1")
    (tmp_path / "sample.c").write_text(SAMPLE)
    arguments = ["-DSAMPLE_VALUE=7", "-I.", "sample.c"]
    expected = subprocess.run([*driver, *arguments], cwd=tmp_path, capture_output=True, text=True, check=True)
    actual = subprocess.run([*command, *arguments], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert actual.stdout == expected.stdout
    assert "MP_QSTR_print" in actual.stdout


def wrapper(tmp_path, body):
    script = tmp_path / "cc-wrapper"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_a_driver_that_hides_its_commands_is_run_itself(tmp_path):
    hiding = wrapper(tmp_path, f'case "$*" in *-###*) exit 0;; esac; exec {gcc()} "$@"')
    assert preprocessor.probe([hiding, "-E"], str(tmp_path), os.environ) == [hiding, "-E"]


def test_a_direct_command_that_prints_something_else_is_not_used(tmp_path):
    # This driver's own runs drop line markers, which its listed cc1 command keeps.
    differing = wrapper(tmp_path, f'case "$*" in *-###*) exec {gcc()} "$@";; esac; exec {gcc()} -P "$@"')
    assert preprocessor.probe([differing, "-E"], str(tmp_path), os.environ) == [differing, "-E"]


def test_a_failing_driver_is_left_to_report_its_own_error(tmp_path):
    assert preprocessor.probe([gcc(), "--no-such-flag", "-E"], str(tmp_path), os.environ) == \
        [gcc(), "--no-such-flag", "-E"]
