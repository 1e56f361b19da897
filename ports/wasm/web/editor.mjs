// editor.mjs: the playground's code editor, CodeMirror 6 (npm, pinned in package-lock.json).
// The build bundles this file and the packages it imports into editor.js beside the page
// (site_scons/mpbuild/js_bundle.py); playground.js imports that.
import { EditorView, basicSetup } from "codemirror";
import { keymap } from "@codemirror/view";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { python } from "@codemirror/lang-python";
import { tags } from "@lezer/highlight";

// Colours that read well on the page's dark background (basicSetup's defaults are for light ones).
const darkTheme = EditorView.theme({
  "&": { color: "#e6e6e6", backgroundColor: "#1b1d23", fontSize: "14px" },
  ".cm-content": { caretColor: "#f0c674", fontFamily: "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace" },
  ".cm-cursor, .cm-dropCursor": { borderLeftColor: "#f0c674" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "#3a3f4b" },
  ".cm-gutters": { backgroundColor: "#16181d", color: "#6b717c", border: "none" },
  ".cm-activeLine": { backgroundColor: "#23262e" },
  ".cm-activeLineGutter": { backgroundColor: "#23262e" },
}, { dark: true });

const darkHighlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.definitionKeyword, tags.operatorKeyword], color: "#c792ea" },
  { tag: [tags.string, tags.special(tags.string)], color: "#c3e88d" },
  { tag: [tags.number, tags.bool, tags.null], color: "#f78c6c" },
  { tag: tags.comment, color: "#7f8794", fontStyle: "italic" },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: "#82aaff" },
  { tag: [tags.definition(tags.variableName), tags.className], color: "#ffcb6b" },
  { tag: tags.self, color: "#ff6e6e" },
]);

// An editor in `parent` holding `doc`; `onRun()` on Ctrl-Enter / Cmd-Enter / Shift-Enter.
export function createEditor(parent, { doc = "", onRun = () => {} } = {}) {
  const run = () => { onRun(); return true; };
  const view = new EditorView({
    parent,
    doc,
    extensions: [
      keymap.of([{ key: "Mod-Enter", run }, { key: "Shift-Enter", run }]),
      basicSetup,
      python(),
      darkTheme,
      syntaxHighlighting(darkHighlight),
      EditorView.contentAttributes.of({ "aria-label": "Python code" }),
    ],
  });
  return {
    view,
    getCode: () => view.state.doc.toString(),
    setCode: (code) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: code } }),
    focus: () => view.focus(),
  };
}
