"""Emscripten's file packager: every file of a folder -> one preloaded NAME.data plus the JS that loads it.

``env.PreloadPackage(data, loader_js, folder, mount_point)`` declares it; the loader
goes to the link as a --pre-js file.
"""

import hashlib
import os
import re

import SCons.Builder

from mpbuild.errors import fail
from mpbuild.files import write_text_atomically
from mpbuild.steps import FORWARD_ON_FAILURE, run_step, step_action


def _find_file_packager(emcc):
    """Debian ships tools/file_packager.py beside emcc.py; emsdk has it next to emcc."""
    real = os.path.realpath(emcc)
    for root in (os.path.dirname(real), "/usr/share/emscripten"):
        candidate = os.path.join(root, "tools", "file_packager.py")
        if os.path.exists(candidate):
            return candidate
    return None


_PACKAGE_UUID_RE = re.compile(r'("package_uuid":\s*")[^"]*(")')


def _package_files(target, source, env):
    """Run emscripten's file packager, then make its output reproducible: it
    stamps a random package UUID into the loader, which would relink and
    change micropython.js on every packaging. The stable id hashes the
    loader itself (file names, sizes, offsets), so an edit that keeps every
    size leaves the loader, and so the link, untouched."""
    command = env.subst("$PACKAGECOM", target=target, source=source)
    result = run_step(command, env, forward=FORWARD_ON_FAILURE)
    if not result.ok:
        return result.returncode
    loader = target[1].abspath
    with open(loader, encoding="utf-8") as stream:
        text = stream.read()
    digest = hashlib.sha256(_PACKAGE_UUID_RE.sub("", text).encode()).hexdigest()
    stable_id = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    write_text_atomically(loader, _PACKAGE_UUID_RE.sub(lambda m: m.group(1) + stable_id + m.group(2), text))
    return 0


def _preload_package(env, data_target, loader_target, asset_dir, mount_point):
    """Package every file under asset_dir (recursively) as one preloaded .data file."""
    asset_dir = env.Dir(asset_dir)
    files = []
    for folder, subfolders, names in os.walk(asset_dir.srcnode().abspath):
        subfolders.sort()
        files.extend(env.File(os.path.join(folder, name)) for name in sorted(names))
    return env.FilePackage([data_target, loader_target], files,
                           ASSET_DIR=asset_dir.srcnode(), ASSET_MOUNT=mount_point)


def generate(env):
    env["FILE_PACKAGER"] = _find_file_packager(env["CC"])  # (loaded after the emscripten tool)
    env.SetDefault(
        PACKAGECOMSTR="PACKAGE $TARGET",
        PACKAGECOM="cd ${TARGETS[0].dir} && $PYTHON $FILE_PACKAGER ${TARGETS[0].file} "
                   "--preload ${ASSET_DIR.abspath}@$ASSET_MOUNT --js-output=${TARGETS[1].abspath}",
    )
    env.Append(BUILDERS={
        "FilePackage": SCons.Builder.Builder(  # called through env.PreloadPackage
            action=step_action(_package_files, "$PACKAGECOMSTR", env, varlist=["PACKAGECOM"]),
        ),
    })
    env.AddMethod(_preload_package, "PreloadPackage")


def exists(env):
    return True
