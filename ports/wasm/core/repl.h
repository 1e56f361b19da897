// The interactive prompt, shaped like upstream unix micropython's: a banner
// ("MicroPython <version> on <date>; <platform> [<compiler>] version", then
// "Use Ctrl-D to exit, Ctrl-E for paste mode"), line editing with history,
// continuation lines, Ctrl-E paste mode, Ctrl-D on an empty line to leave.
// It takes one key at a time, so the native command line (a loop reading
// stdin) and JavaScript (keys as they arrive) drive the same code.
#ifndef MICROPY_INCLUDED_WASM_REPL_H
#define MICROPY_INCLUDED_WASM_REPL_H

// Print the banner and the first prompt.
void mpw_repl_start(void);
// The same REPL under the banner of upstream's boards and webassembly port (upstream's
// replInit): "MicroPython <version> on <date>; <board> with <mcu>", then
// 'Type "help()" for more information.'.
void mpw_repl_start_with_upstream_banner(void);

// Take one key ('\r' is Enter). Returns 0 while the REPL goes on, else
// MPW_FORCED_EXIT | status: Ctrl-D on an empty line (status 0) or SystemExit.
int mpw_repl_take_key(int key);

#endif
