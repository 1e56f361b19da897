"""The `dist` target: build/<variant>/dist/<package>-<version>.tgz, an npm package of the variant (mpbuild/npm_package.py).

``env.NpmPackage(port_outputs, files)``: files are the package's files (nodes), package.json is made here.
"""

import json

import SCons.Builder

from mpbuild import npm_package, version
from mpbuild.files import write_bytes_atomically
from mpbuild.steps import step_action


def _pack(target, source, env):
    entries = {}
    for node in source:
        with open(node.srcnode().abspath if not node.is_derived() else node.abspath, "rb") as stream:
            entries[node.name] = stream.read()
    manifest = npm_package.package_json(env["MP_VARIANT"], env["NPM_VERSION"], list(entries) + ["package.json"])
    entries["package.json"] = (json.dumps(manifest, indent=2) + "\n").encode()
    write_bytes_atomically(target[0].abspath, npm_package.tarball_bytes(entries))
    return 0


def _npm_package(env, files):
    mpconfig = env.File("$MP_BUILD/py/mpconfig.h").srcnode()
    with open(mpconfig.abspath, encoding="utf-8") as stream:
        tag = version.read_version(stream.read(), mpconfig.path)
    npm_version = npm_package.version_from_tag(tag)
    name = npm_package.package_name(env["MP_VARIANT"])
    tarball = env.PackNpm(f"$VARIANT_DIR/dist/{name}-{npm_version}.tgz", files, NPM_VERSION=npm_version)
    env.Depends(tarball, env.File(npm_package.__file__))
    env.Alias("dist", tarball)
    return tarball


def generate(env):
    env.SetDefault(PACKNPMCOMSTR="PACK $TARGET")
    env.Append(BUILDERS={"PackNpm": SCons.Builder.Builder(
        action=step_action(_pack, "$PACKNPMCOMSTR", env, varlist=["NPM_VERSION", "MP_VARIANT"]))})
    env.AddMethod(_npm_package, "NpmPackage")


def exists(env):
    return True
