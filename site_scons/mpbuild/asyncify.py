"""Asyncify's remove list: the functions that asyncify may leave uninstrumented.

Binaryen instruments every function that can reach a suspending import or
an indirect call, which in MicroPython is nearly all of them. Parts of the
program that never run Python code (and so never reach a sleep, an input or
a periodic yield) are declared in the port's SConscript; their functions are
read from the symbol tables of their object files.

A static function can share its name with one in another object file; the
linked module then tells them apart by a suffix that cannot be predicted, so
a name defined anywhere else is never listed.
"""

import re

# `llvm-nm --defined-only` lines: address, type letter, name. T/t: code. Bitcode
# objects (-flto) have no addresses yet: dashes stand in.
_NM_LINE = re.compile(r"^(?:[0-9a-fA-F]+|-+)?\s+([A-Za-z])\s+(\S+)$")


def functions_by_object(text, objects):
    """Function names per object file, from one `llvm-nm --defined-only OBJECT...` run.

    With several files llvm-nm heads each one's symbols with a `PATH:` line."""
    result = {name: set() for name in objects}
    current = objects[0] if len(objects) == 1 else None
    for line in text.splitlines():
        line = line.strip()
        if line.endswith(":") and line[:-1] in result:
            current = line[:-1]
            continue
        match = _NM_LINE.match(line)
        if match and current is not None and match.group(1) in "Tt" and not match.group(2).startswith(".L"):
            result[current].add(match.group(2))
    return result


def remove_list(never_suspending, others, functions=()):
    """Functions of the never-suspending objects whose names are unique in the link,
    plus the named `functions` (each must be defined once, in any object).

    `never_suspending` and `others` map an object's name to the set of function
    names it defines. Raises ValueError naming a function that is not defined
    or defined more than once."""
    counts = {}
    for names in list(never_suspending.values()) + list(others.values()):
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    listed = {name for names in never_suspending.values() for name in names if counts[name] == 1}
    for name in functions:
        if counts.get(name, 0) != 1:
            problem = "is not defined in any object" if name not in counts else "is defined more than once"
            raise ValueError(f"never-suspending function {name} {problem}")
        listed.add(name)
    return sorted(listed)


def render(names):
    return "".join(f"{name}\n" for name in names)


# Binaryen warns about listed names missing from the linked module: functions
# the linker dropped as unused or the optimiser inlined. Nothing is left of
# them to instrument, so the warning is expected and says nothing to a user.
_MISSING_NAME_WARNING = re.compile(r"^warning: Asyncify removelist contained a non-existing function name")


def without_expected_warnings(output):
    return "".join(line for line in output.splitlines(keepends=True) if not _MISSING_NAME_WARNING.match(line))
