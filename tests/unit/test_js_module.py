"""mpbuild/js_module.py: emcc's MODULARIZE script -> the body of micropython.mjs."""

import pytest

from mpbuild import js_module

EMCC_SCRIPT = ("\nvar createMicroPythonModule = (() => {\n" + js_module.SCRIPT_DIR_LINES
               + "  return (\nfunction(createMicroPythonModule) {\n  scriptDirectory=__dirname+'/';\n"
               "  return createMicroPythonModule.ready\n}\n);\n})();\n" + js_module.COMMONJS_EXPORT_TAIL)
API = "export async function loadMicroPython() {}\n"


def test_module_finds_its_folder_through_import_meta_and_exports_nothing_commonjs():
    text = js_module.es_module_text(EMCC_SCRIPT, API, header="// generated\n")
    assert text.startswith("// generated\n")
    assert "var _scriptDir = import.meta.url;" in text
    assert "document.currentScript" not in text and "module.exports" not in text
    assert text.endswith(API)
    # Node's CommonJS names exist before emcc's code uses them, made only under node.
    prelude_end = text.index("var createMicroPythonModule")
    for name in ("const require", "const __dirname", "const __filename", "createRequire(import.meta.url)"):
        assert 0 <= text.index(name) < prelude_end
    assert "MPW_IS_NODE ?" in text


@pytest.mark.parametrize("broken, message", [
    (EMCC_SCRIPT.replace("var createMicroPythonModule = ", "var Module = "), "does not start with"),
    (EMCC_SCRIPT.replace(js_module.SCRIPT_DIR_LINES, ""), "_scriptDir"),
    (EMCC_SCRIPT.replace(js_module.COMMONJS_EXPORT_TAIL, ""), "export lines"),
])
def test_another_emcc_output_shape_is_one_clear_error_naming_the_file(broken, message):
    with pytest.raises(js_module.JsModuleError, match=message) as error:
        js_module.es_module_text(broken, API, emcc_name="build/x/micropython.js")
    assert "build/x/micropython.js" in str(error.value)
