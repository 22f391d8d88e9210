/* SPDX-License-Identifier: MIT */
/* int fw_simcall(int request, int a3, void *a4, int a5): the semihosting call of QEMU's sim board.
 * The request goes in a2 and its arguments in a3-a5 - exactly where the windowed ABI puts the four C
 * arguments inside the callee - and the result comes back in a2. LLVM's assembler has no SIMCALL mnemonic. */
    .section .text.fw_simcall, "ax"
    .align 4
    .global fw_simcall
fw_simcall:
    entry   a1, 16
    .byte   0x00, 0x51, 0x00    /* simcall */
    retw
