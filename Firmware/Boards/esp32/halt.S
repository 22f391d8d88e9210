/* SPDX-License-Identifier: MIT */
/* fw_halt: stop for good. WAITI 15 masks every maskable interrupt, so only an NMI or a debugger can resume
 * the core; an emulator sees a core that waits with nothing able to wake it and can end the run. */
    .section .text.fw_halt, "ax"
    .align 4
    .global fw_halt
fw_halt:
    entry   a1, 16
1:  waiti   15
    j       1b
