// See run_limits.c.
#ifndef MICROPY_INCLUDED_WASM_RUN_LIMITS_H
#define MICROPY_INCLUDED_WASM_RUN_LIMITS_H

// A frame left the VM function for a re-entry (its countdown was just reset):
// check the interrupt buffer and the run's quotas; may shorten the countdown.
void mpw_run_limits_at_reentry(void);

#endif
