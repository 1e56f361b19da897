"""The `api-test` target: upstream's webassembly API tests on the variant's micropython.mjs (mpbuild/webassembly_tests.py).

``env.WebAssemblyApiTests(es_module, expected_failures)`` declares the run, a step whose product is
``$VARIANT_DIR/tests/webassembly-api.json`` (it reruns when the module, the .wasm/.data, a test, the
pinned archive, the expected-failures list or the helper changes), and the alias, which prints the
summary and fails on any failure the list does not name.
"""

import json
import os
import sys
from pathlib import Path

import SCons.Builder

from mpbuild import features, provision, webassembly_tests
from mpbuild.files import write_text_atomically
from mpbuild.steps import step_action, verdict_alias


def _run(target, source, env):
    try:
        sets = {"1.23.0": Path(env["WA_TESTS_1_23"]),
                "1.27.0": webassembly_tests.provide_tests_1_27(Path(env.Dir("$BUILD_ROOT/.cache/upstream").abspath))}
        node = features.node_for(env["MP_FEATURES"], env.Dir("#").abspath)
        report = webassembly_tests.run_all(Path(source[0].abspath), env["MP_VARIANT"], sets,
                                           Path(env.File(env["WA_EXPECTED_FAILURES"]).srcnode().abspath), node)
    except (provision.ProvisionError, ValueError, FileNotFoundError) as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    write_text_atomically(target[0].abspath, json.dumps(report, indent=1) + "\n")
    return 0


def _webassembly_api_tests(env, es_module, expected_failures):
    folder = env.Dir("#micropython/tests/ports/webassembly")
    tests_1_23 = [folder.File(name) for name in sorted(os.listdir(folder.abspath))] if os.path.isdir(folder.abspath) else []
    module_files = [es_module] + [es_module.target_from_source("", suffix) for suffix in (".wasm", ".data")]
    results = env.RunWebAssemblyApiTests(
        "$VARIANT_DIR/tests/webassembly-api.json", module_files + tests_1_23 + [env.File(expected_failures)],
        WA_TESTS_1_23=folder.abspath, WA_EXPECTED_FAILURES=expected_failures,
        WA_ARCHIVE_SHA256=webassembly_tests.TESTS_1_27.sha256)
    env.Depends(results, env.File(webassembly_tests.__file__))

    def judge():
        with open(results[0].abspath, encoding="utf-8") as stream:
            report = json.load(stream)
        error = (f"{len(report['unexpected'])} webassembly API tests failed that {expected_failures.lstrip('#')} "
                 f"does not list (details: {results[0].path})") if report["unexpected"] else None
        return webassembly_tests.summary_lines(report), error

    verdict_alias(env, "api-test", results, judge)
    return results


def generate(env):
    env.SetDefault(APITESTCOMSTR="APITEST $TARGET")
    env.Append(BUILDERS={"RunWebAssemblyApiTests": SCons.Builder.Builder(
        action=step_action(_run, "$APITESTCOMSTR", env, varlist=["WA_ARCHIVE_SHA256", "MP_VARIANT", "MP_FEATURES"]))})
    env.AddMethod(_webassembly_api_tests, "WebAssemblyApiTests")


def exists(env):
    return True
