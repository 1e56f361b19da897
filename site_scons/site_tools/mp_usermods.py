"""User modules (cmod/ and USER_C_MODULES folders) as graph nodes.

``env.UserModules(port_sources)`` discovers the module folders, applies the
variant's ``modules``/``disable_modules``, declares one ``PYM`` step per
``.pym`` file (``.pym`` -> ``build/<v>/usermods/<module>/<name>.pym.c``; objects
of the module's ``.c`` files go to ``build/<v>/usermods/<module>/src/``) and
returns the C sources to add to the port, before its generated headers are
declared (so QSTR extraction and MP_REGISTER_MODULE collection see them).
The transpile steps depend on the generator's code, so changing it
regenerates every ``.pym`` output (and content signatures stop there when
the C comes out the same).
"""

import os
import sys

import SCons.Builder
from SCons.Script import VariantDir

from mpbuild import pym, usermods
from mpbuild.errors import fail
from mpbuild.files import write_text_atomically
from mpbuild.steps import step_action

# The transpile step's code: the generator and this tool (the step's signature covers only its function).
_GENERATOR_FILES = (pym.__file__, __file__)


def options(variables):
    variables.Add("USER_C_MODULES", "more user module folders besides cmod/ (each subfolder a module of .c/.pym "
                  "files), separated by os.pathsep or commas", "")


def _transpile(target, source, env):
    """.pym -> .c; a mistake is one ``file:line:column: error: ...`` line and no output file."""
    output = target[0].abspath
    pym_path = source[0].path
    try:
        text = pym.decode(source[0].get_contents(), pym_path)
        c_text = pym.transpile(text, pym_path, target[0].path)
    except pym.PymError as error:
        sys.stderr.write(f"{error}\n")
        if os.path.exists(output):
            os.remove(output)
        return 1
    write_text_atomically(output, c_text)
    return 0


def _module_roots(env):
    roots = [env.Dir("#cmod").abspath]
    for folder in usermods.split_folder_list(env.get("USER_C_MODULES", "")):
        roots.append(folder if os.path.isabs(folder) else env.Dir("#" + folder).abspath)
    return roots


def _user_modules(env, port_sources=()):
    """Declare the variant's user modules; return their C sources (generated ones included)."""
    roots = _module_roots(env)
    try:
        top = env.Dir("#").abspath  # SCons reads SConscripts in their own folder: name paths from the top
        found = usermods.discover(roots, optional_roots=(roots[0],), display_root=top)
        chosen = usermods.select(found, env.get("MP_MODULES", ()), env.get("MP_DISABLE_MODULES", ()),
                                 env.get("MP_VARIANT_FILE", "the variant"))
        # The port's own modules, so a user module cannot silently replace one.
        builtin = [node.srcnode().abspath for node in port_sources if str(node).endswith(".c")]
        usermods.check_module_names(chosen, builtin, display_root=top)
    except usermods.UserModuleError as error:
        fail(str(error))

    generator = [env.File(path) for path in _GENERATOR_FILES]
    sources = []
    for module in chosen:
        # Objects of the module's C files go to src/ (a variant dir of the folder); generated C
        # stays outside it, so that no generated file is taken for a copy of a source file.
        build_dir = env.Dir(f"$VARIANT_DIR/usermods/{module.name}")
        VariantDir(build_dir.Dir("src"), str(module.folder), duplicate=False)
        sources += [build_dir.Dir("src").File(c_file.name) for c_file in module.c_files]
        for pym_file in module.pym_files:
            generated = env.PymModule(build_dir.File(pym_file.name + ".c"), env.File(str(pym_file)))
            env.Depends(generated, generator)
            sources += generated
        if module.pym_files:
            # The generated C lives in the build folder: headers beside the .pym come from here.
            env.AppendUnique(CPPPATH=[env.Dir(str(module.folder))])
    return sources


def generate(env):
    env.SetDefault(PYMCOMSTR="PYM $SOURCE")
    env.Append(BUILDERS={
        "PymModule": SCons.Builder.Builder(
            action=step_action(_transpile, "$PYMCOMSTR", env)),
    })
    env.AddMethod(_user_modules, "UserModules")


def exists(env):
    return True
