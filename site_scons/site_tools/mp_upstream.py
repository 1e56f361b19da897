"""The MicroPython source tree: make sure it is there, say which it is, map it into the build.

Upstream sources are compiled into ``$MP_BUILD`` (a variant dir of
``micropython/``, without copying), so each variant keeps its own objects.
"""

import SCons.Script
from SCons.Script import VariantDir

from mpbuild import provision
from mpbuild.errors import fail

_tree_info = None


def _ensure_tree(top, cache_dir):
    """Provision once per SCons run and announce which tree the build uses."""
    global _tree_info
    if _tree_info is None:
        try:
            _tree_info = provision.ensure_source(top, cache_dir, log=lambda msg: print(msg))
        except provision.ProvisionError as error:
            fail(str(error))
        if not SCons.Script.GetOption("help") and not SCons.Script.GetOption("silent"):
            print(f"MicroPython source: {_tree_info.description}")
            if _tree_info.absent:  # only parts no variant needs (e.g. upstream's own ports/)
                print("  absent upstream parts: " + ", ".join(f"{part}/" for part in _tree_info.absent))
            if getattr(_tree_info, "warning", None):
                print(f"  warning: {_tree_info.warning}")
    return _tree_info


def _upstream_sources(env, patterns, exclude=()):
    """Source nodes for upstream files (globs relative to micropython/), in $MP_BUILD."""
    if isinstance(patterns, str):
        patterns = [patterns]
    excluded = {str(env.Dir("$MP_BUILD").File(path)) for path in exclude}
    nodes = []
    for pattern in patterns:
        matched = env.Glob(f"$MP_BUILD/{pattern}", source=False, strings=False)
        if not matched:
            fail(f"micropython/{pattern}: no such upstream source; the MicroPython tree is incomplete "
                 f"(re-provision: empty micropython/ and build again, or `{provision.SUBMODULE_FIX}`)")
        nodes.extend(n for n in sorted(matched, key=str) if str(n) not in excluded)
    return nodes


def generate(env):
    top = env.Dir("#micropython")
    info = _ensure_tree(top.abspath, env.Dir("$BUILD_ROOT/.cache/provision").abspath)
    env["MP_TOP"] = top
    env.SetDefault(MP_BUILD="$VARIANT_DIR/mp")
    VariantDir(env.subst("$MP_BUILD"), top, duplicate=False)
    env["MP_TREE"] = info
    env.AddMethod(_upstream_sources, "UpstreamSources")


def exists(env):
    return True
