"""Property: after any sequence of edits, an incremental build equals a clean build, byte for byte.

Hypothesis draws sequences of edits on a scratch copy of the tree: touching a
file, comment-only and code edits (C, headers, frozen Python, .pym), new and
removed MP_QSTR_ names, new/removed/renamed C and .pym sources in user modules,
new and removed frozen modules, variant flag changes, changes to the generator
scripts (comments, and wrappers that change what they write), and switching
between two variants. After every step the incremental build of the current
variant is compared with a clean build of the same sources; a second build must
then run no step at all, and touching a file must run none either.

Every sequence starts from the same sources and the same (clean-built) build
folder, so a failing sequence replays and shrinks. Clean builds are cached by
the content of the whole scratch tree, and compiles go through ccache when it
is installed (it keys on the preprocessed source, independently of SCons).

Profiles (MPW_PROPERTY_PROFILE): `ci` (default, a few minutes on 2 cores) and
`long`; MPW_PROPERTY_EXAMPLES / MPW_PROPERTY_STEPS override the counts. The
figures of each run go to build/reliability/graph_properties.json.
"""

import collections
import hashlib
import json
import os
import pathlib
import shutil
import time

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="hypothesis is not installed (pip install -r requirements.txt)")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402
from hypothesis.database import DirectoryBasedExampleDatabase  # noqa: E402

from buildtree import COPIED, REPO, ScratchTree  # noqa: E402

PROFILES = {
    # sequences x at most steps; each step costs an incremental build, a no-op build and
    # (unless cached) a clean build of about 10-20 s on 2 cores.
    "ci": {"examples": 2, "steps": 4},
    "long": {"examples": 40, "steps": 10},
}
REPORT = REPO / "build" / "reliability" / "graph_properties.json"

BASE_VARIANT_TEXT = 'description = "unix at -O0 for property tests"\ntarget = "host"\ncflags = ["-O0"]\n'
ALT_VARIANT_TEXT = 'description = "a second variant for property tests"\nextends = "unix"\ncflags = ["-DMPW_PROP_ALT=1"]\n'
VARIANTS = ("unix", "propalt")

C_SOURCES = ["ports/wasm/core/modtime.c", "ports/wasm/core/file.c", "cmod/stats/stats.c"]
HEADERS = ["ports/wasm/core/runtime.h", "ports/wasm/mpconfigport.h"]
FROZEN = ["ports/wasm/modules/functools.py"]
PYM = ["cmod/textutil/textutil.pym"]
BUILD_DESCRIPTIONS = ["ports/wasm/SConscript", "mpy-cross/SConscript"]
# Helpers the build steps call: (file, function whose output an edit may change, or None).
GENERATORS = [
    ("site_scons/mpbuild/pym.py", "transpile", "// generator edit {n}\n"),
    ("site_scons/mpbuild/version.py", "version_header", "// generator edit {n}\n"),
    ("site_scons/mpbuild/qstr.py", None, None),
    ("site_scons/mpbuild/usermods.py", None, None),
    ("site_scons/mpbuild/files.py", None, None),
    ("site_scons/site_tools/mp_genhdr.py", None, None),
]


def _profile():
    name = os.environ.get("MPW_PROPERTY_PROFILE", "ci")
    if name not in PROFILES:
        raise pytest.UsageError(f"MPW_PROPERTY_PROFILE={name}: use one of {', '.join(PROFILES)}")
    chosen = dict(PROFILES[name], name=name)
    for key in ("examples", "steps"):
        override = os.environ.get(f"MPW_PROPERTY_{key.upper()}")
        if override:
            chosen[key] = int(override)
    return chosen


def _tree_digest(root, variant):
    """A digest of everything a build of `variant` in `root` reads from the scratch tree."""
    digest = hashlib.sha256(variant.encode())
    for name in sorted(COPIED):
        top = root / name
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in paths:
            if "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _digests(snapshot):
    return {path: hashlib.sha256(data).hexdigest() for path, data in snapshot.items()}


def _ccache_compiler(folder):
    """A compiler that runs gcc through ccache (own cache folder), or None without ccache."""
    ccache, gcc = shutil.which("ccache"), shutil.which("gcc")
    if not (ccache and gcc) or os.environ.get("MPW_PROPERTY_NO_CCACHE"):
        return None
    wrapper = folder / "gcc-ccache"
    wrapper.write_text(f'#!/bin/sh\nCCACHE_DIR="{folder / "ccache"}" exec "{ccache}" "{gcc}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


class Lab:
    """The scratch tree, its baseline (sources and build folder) and the clean-build oracle."""

    def __init__(self, folder):
        self.folder = folder
        self.tree = ScratchTree.create(folder / "tree")
        self.tree.path("variants/unix.toml").write_text(BASE_VARIANT_TEXT)
        self.tree.path("variants/propalt.toml").write_text(ALT_VARIANT_TEXT)
        compiler = _ccache_compiler(folder)
        self.build_args = [f"CC={compiler}"] if compiler else []
        self.uses_ccache = compiler is not None
        self.clean_outputs = {}  # tree digest -> {output path: sha256}
        self.stats = collections.Counter()
        self.kinds = collections.Counter()
        self.started = time.monotonic()
        self.build("unix")  # a clean build: the oracle's first entry
        self.clean_outputs[_tree_digest(self.tree.root, "unix")] = _digests(self.tree.snapshot("unix"))
        self.baseline = folder / "baseline"
        for name in COPIED:
            self._copy(self.tree.root / name, self.baseline / name)
        self._copy(self.tree.root / "build", self.baseline / "build")

    @staticmethod
    def _copy(source, destination):
        if source.is_dir():
            shutil.copytree(source, destination, symlinks=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination)

    @staticmethod
    def _remove(path):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()

    def reset(self):
        """Sources and build folder as they were after the first clean build."""
        for name in COPIED + ["build"]:
            self._remove(self.tree.root / name)
            self._copy(self.baseline / name, self.tree.root / name)
        self.stats["sequences"] += 1

    def build(self, variant):
        self.stats["incremental builds"] += 1
        return self.tree.scons(f"variant={variant}", *self.build_args)

    def clean_build_outputs(self, variant):
        """Output digests of a clean build of the current sources (cached by their content)."""
        key = _tree_digest(self.tree.root, variant)
        if key in self.clean_outputs:
            self.stats["clean builds reused"] += 1
            return self.clean_outputs[key]
        build, kept = self.tree.root / "build", self.tree.root / "build.incremental"
        build.rename(kept)
        try:
            self.tree.scons(f"variant={variant}", *self.build_args)
            self.clean_outputs[key] = _digests(self.tree.snapshot(variant))
        finally:
            self._remove(build)
            kept.rename(build)
        self.stats["clean builds"] += 1
        return self.clean_outputs[key]

    def report(self, profile):
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        figures = {
            "profile": profile["name"], "max_examples": profile["examples"], "max_steps": profile["steps"],
            "sequences": self.stats["sequences"], "steps": self.stats["steps"],
            "incremental_builds": self.stats["incremental builds"], "clean_builds": self.stats["clean builds"],
            "clean_builds_reused": self.stats["clean builds reused"], "ccache": self.uses_ccache,
            "edits_by_kind": dict(sorted(self.kinds.items())),
            "seconds": round(time.monotonic() - self.started, 1),
        }
        REPORT.write_text(json.dumps(figures, indent=2) + "\n")
        return figures


class EditSequence:
    """One sequence of edits, from the baseline; each edit draws its details from `data`."""

    def __init__(self, lab, data):
        self.lab = lab
        self.data = data
        lab.reset()
        self.tree = lab.tree
        self.log = []
        self.variant = "unix"
        self.serial = 0
        self.c_sources = list(C_SOURCES)
        self.frozen = list(FROZEN)
        self.pym = list(PYM)
        self.added_sources = []       # C and .pym files added under cmod/ by this sequence
        self.added_qstr_lines = []    # (file, line)
        self.added_frozen = []

    # ------------------------------------------------------------------ helpers

    def next_serial(self):
        self.serial += 1
        return self.serial

    def read(self, relative):
        return self.tree.path(relative).read_text()

    def write(self, relative, text):
        path = self.tree.path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def append(self, relative, text):
        self.write(relative, self.read(relative) + text)

    def draw(self, strategy, label):
        return self.data.draw(strategy, label=label)

    def edited(self, kind, detail, **expectations):
        """Count the edit, then build: the property is checked after every step."""
        self.lab.kinds[kind] += 1
        self.lab.stats["steps"] += 1
        self.log.append(f"{kind}: {detail}")
        self.check_build(**expectations)

    # ------------------------------------------------------------------ edits (one per kind)

    def touch(self):
        relative = self.draw(st.sampled_from(self.c_sources + HEADERS + self.frozen + self.pym
                                             + BUILD_DESCRIPTIONS + [f"variants/{self.variant}.toml"]), "file")
        path = self.tree.path(relative)
        path.write_bytes(path.read_bytes())
        later = time.time() + 5
        os.utime(path, (later, later))
        self.edited("touch", relative, no_steps=True)

    def comment_edit(self):
        relative = self.draw(st.sampled_from(self.c_sources + HEADERS + self.frozen + self.pym + BUILD_DESCRIPTIONS),
                             "file")
        at_top = self.draw(st.booleans(), "at the top")
        n = self.next_serial()
        comment = f"// comment edit {n}\n" if relative.endswith((".c", ".h")) else f"# comment edit {n}\n"
        text = self.read(relative)
        if at_top and not relative.endswith(".pym"):  # a .pym docstring must stay first
            text = comment + text
        else:
            text = text + ("" if text.endswith("\n") else "\n") + comment
        self.write(relative, text)
        # A comment in a C file is not a QSTR: its fragment keeps its content, so nothing regenerates the
        # QSTR header. (A comment at the top of a header moves the line markers of the preprocessed
        # qstrdefs, which reruns the cheap generator steps, with the same output: not checked here.)
        self.edited("comment", f"{relative} ({'top' if at_top else 'end'})",
                    qstr_header_unchanged=relative.endswith(".c"))

    def code_edit(self):
        relative = self.draw(st.sampled_from(self.c_sources + HEADERS + self.frozen + self.pym), "file")
        n = self.next_serial()
        if relative.endswith(".c"):
            stem = pathlib.Path(relative).stem
            line = f'const char mpw_prop_text_{stem}_{n}[] = "code edit {n}";\n'
        elif relative.endswith(".h"):
            line = f"#define MPW_PROP_HEADER_EDIT_{n} {n}\n"
        else:  # frozen module or .pym: a new module constant
            line = f"PROP_EDIT_{n} = {n}\n"
        self.append(relative, line)
        self.edited("code", f"{relative}: {line.strip()}")

    def new_qstr(self):
        relative = self.draw(st.sampled_from(self.c_sources), "file")
        n = self.next_serial()
        stem = pathlib.Path(relative).stem
        line = f"const qstr mpw_prop_qstr_{stem}_{n} = MP_QSTR_mpw_prop_name_{n};\n"
        self.append(relative, line)
        self.added_qstr_lines.append((relative, line))
        self.edited("new MP_QSTR_", f"{relative}: {line.strip()}")

    def removed_qstr(self):
        if not self.added_qstr_lines:
            return self.new_qstr()
        relative, line = self.draw(st.sampled_from(self.added_qstr_lines), "line")
        self.added_qstr_lines.remove((relative, line))
        self.write(relative, self.read(relative).replace(line, "", 1))
        self.edited("removed MP_QSTR_", f"{relative}: {line.strip()}")

    def new_source(self):
        kind = self.draw(st.sampled_from(["c module", "c file in a module", "pym module"]), "kind")
        n = self.next_serial()
        added_c = [s for s in self.added_sources if s.endswith(".c")]
        if kind == "c file in a module" and added_c:
            relative = f"{pathlib.PurePosixPath(added_c[0]).parent}/extra_{n}.c"
            text = ('#include "py/runtime.h"\n'
                    f"mp_int_t mpw_prop_extra_{n}(void);\nmp_int_t mpw_prop_extra_{n}(void) {{ return {n}; }}\n")
        elif kind == "pym module":
            relative = f"cmod/propmod{n}/proppym{n}.pym"
            text = (f'"""A module added by a property test."""\nVALUE = {n}\n\n'
                    f"def answer() -> int:\n    return {n};\n")
        else:
            relative = f"cmod/propmod{n}/propmod{n}.c"
            text = ('#include "py/runtime.h"\n'
                    f"static mp_obj_t answer(void) {{ return MP_OBJ_NEW_SMALL_INT({n}); }}\n"
                    "static MP_DEFINE_CONST_FUN_OBJ_0(answer_obj, answer);\n"
                    "static const mp_rom_map_elem_t globals_table[] = {\n"
                    f"    {{ MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_propmod{n}) }},\n"
                    "    { MP_ROM_QSTR(MP_QSTR_answer), MP_ROM_PTR(&answer_obj) },\n"
                    "};\n"
                    "static MP_DEFINE_CONST_DICT(globals, globals_table);\n"
                    f"const mp_obj_module_t propmod{n}_module = "
                    "{.base = {&mp_type_module}, .globals = (mp_obj_dict_t *)&globals};\n"
                    f"MP_REGISTER_MODULE(MP_QSTR_propmod{n}, propmod{n}_module);\n")
        self.write(relative, text)
        self._remember_source(relative)
        self.edited("new source", relative)

    def _remember_source(self, relative):
        self.added_sources.append(relative)
        (self.c_sources if relative.endswith(".c") else self.pym).append(relative)

    def _forget_source(self, relative):
        self.added_sources.remove(relative)
        (self.c_sources if relative.endswith(".c") else self.pym).remove(relative)
        self.added_qstr_lines = [(f, line) for f, line in self.added_qstr_lines if f != relative]

    def removed_source(self):
        if not self.added_sources:
            return self.new_source()
        relative = self.draw(st.sampled_from(self.added_sources), "file")
        self.tree.path(relative).unlink()
        self._forget_source(relative)
        self.edited("removed source", relative)

    def renamed_source(self):
        if not self.added_sources:
            return self.new_source()
        relative = self.draw(st.sampled_from(self.added_sources), "file")
        path = pathlib.PurePosixPath(relative)
        if path.suffix == ".pym":
            # A .pym file's name is its module's name: the module is renamed with it.
            renamed = str(path.with_name(f"renamed{self.next_serial()}.pym"))
        else:
            renamed = str(path.with_name(f"{path.stem}_renamed{self.next_serial()}.c"))
        qstr_lines = [line for f, line in self.added_qstr_lines if f == relative]
        self.tree.path(relative).rename(self.tree.path(renamed))
        self._forget_source(relative)
        self._remember_source(renamed)
        self.added_qstr_lines += [(renamed, line) for line in qstr_lines]
        self.edited("renamed source", f"{relative} -> {renamed}")

    def new_frozen_module(self):
        n = self.next_serial()
        relative = f"ports/wasm/modules/propfrozen{n}.py"
        self.write(relative, f'"""Frozen by a property test."""\nVALUE = {n}\n\n\ndef answer():\n    return VALUE\n')
        self.added_frozen.append(relative)
        self.frozen.append(relative)
        self.edited("new frozen module", relative)

    def removed_frozen_module(self):
        if not self.added_frozen:
            return self.new_frozen_module()
        relative = self.draw(st.sampled_from(self.added_frozen), "file")
        self.tree.path(relative).unlink()
        self.added_frozen.remove(relative)
        self.frozen.remove(relative)
        self.edited("removed frozen module", relative)

    def variant_flag_change(self):
        how = self.draw(st.sampled_from(["cflag", "define", "none"]), "how")
        value = self.draw(st.integers(1, 3), "value")
        if self.variant == "unix":
            flags = f'["-O0", "-DMPW_PROP_FLAG={value}"]' if how == "cflag" else '["-O0"]'
            text = BASE_VARIANT_TEXT.replace('["-O0"]', flags)
        else:
            text = ALT_VARIANT_TEXT.replace("MPW_PROP_ALT=1", f"MPW_PROP_ALT={value if how == 'cflag' else 1}")
        if how == "define":
            text += f"[defines]\nMPW_PROP_DEFINE = {value}\n"
        self.write(f"variants/{self.variant}.toml", text)
        self.edited("variant flags", f"variants/{self.variant}.toml: {how} {value}")

    def generator_change(self):
        relative, function, suffix = self.draw(st.sampled_from(GENERATORS), "generator")
        changes_output = function is not None and self.draw(st.booleans(), "changes its output")
        n = self.next_serial()
        if changes_output:
            # Wrap the function the build step calls (through the module) so that its output changes.
            text = (f"\n\n# generator edit {n}\n_before_edit_{n} = {function}\n\n\n"
                    f"def {function}(*args, **kwargs):\n"
                    f"    return _before_edit_{n}(*args, **kwargs) + {suffix.format(n=n)!r}\n")
        else:
            text = f"\n# generator edit {n} (comment)\n"
        self.append(relative, text)
        self.edited("generator script", f"{relative} ({'output changed' if changes_output else 'comment'})")

    def switch_variant(self):
        self.variant = VARIANTS[1 - VARIANTS.index(self.variant)]
        self.edited("switch variant", f"to {self.variant}")

    KINDS = ("touch", "comment_edit", "code_edit", "new_qstr", "removed_qstr", "new_source", "removed_source",
             "renamed_source", "new_frozen_module", "removed_frozen_module", "variant_flag_change",
             "generator_change", "switch_variant")

    # ------------------------------------------------------------------ the property

    def check_build(self, no_steps=False, qstr_header_unchanged=False):
        header = f"build/{self.variant}/genhdr/qstrdefs.generated.h"
        steps = "\n  ".join(self.log)
        run = self.lab.build(self.variant)
        if no_steps:
            assert run.steps == set(), f"after\n  {steps}\na touched file (same content) ran steps: {sorted(run.steps)}"
        if qstr_header_unchanged:
            assert header not in run.labels("GEN"), f"after\n  {steps}\na comment-only edit regenerated {header}"
        incremental = _digests(self.tree.snapshot(self.variant))
        clean = self.lab.clean_build_outputs(self.variant)
        missing = sorted(set(clean) - set(incremental))
        extra = sorted(set(incremental) - set(clean))
        differing = sorted(p for p in set(clean) & set(incremental) if clean[p] != incremental[p])
        assert not (missing or extra or differing), (
            f"after\n  {steps}\nthe incremental build of {self.variant} differs from a clean build:\n"
            f" missing: {missing[:20]}\n stale extra files: {extra[:20]}\n differing: {differing[:20]}")
        again = self.lab.build(self.variant)
        assert again.steps == set(), f"after\n  {steps}\na second build with nothing changed ran steps: {sorted(again.steps)}"


def test_incremental_build_equals_clean_build_after_any_edits(tmp_path_factory):
    profile = _profile()
    lab = Lab(tmp_path_factory.mktemp("graph_properties"))
    database = DirectoryBasedExampleDatabase(str(REPO / "build" / "reliability" / "hypothesis"))

    @settings(max_examples=profile["examples"], deadline=None, database=database,
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(data=st.data())
    def edit_sequences(data):
        sequence = EditSequence(lab, data)
        # Each kind at most once per sequence (in a drawn order), so even the short CI profile
        # covers most kinds; the long profile repeats kinds across many sequences.
        for kind in data.draw(st.permutations(EditSequence.KINDS), label="order")[:profile["steps"]]:
            getattr(sequence, kind)()

    try:
        edit_sequences()
    finally:
        figures = lab.report(profile)
        print(f"\ngraph properties ({profile['name']}): {figures['sequences']} sequences, {figures['steps']} steps, "
              f"{figures['clean_builds']} clean builds (+{figures['clean_builds_reused']} reused), "
              f"{figures['seconds']} s; edits: {figures['edits_by_kind']}")
    assert lab.stats["steps"] > 0
