/* SPDX-License-Identifier: MIT */
/* The vector table (offsets from VECBASE per the ESP32 core configuration; the sim board uses the same).
 * Level-1 exceptions and interrupts (kernel and user vectors) and the medium-priority interrupt levels 2 and 3
 * go to interrupt_entry.S, which saves the interrupted state and calls C. The vectors nothing handles (high
 * priority levels 4 and 5, debug, NMI, double exception) end in fw_report_unhandled_vector, which reports the
 * vector and cause on the console and halts. */
    .section .vectors, "ax"
    .align 4

#include "window_vectors.inc"

/* Each remaining vector saves a2 in its level's EXCSAVE register and passes its offset to one trampoline. */
.macro unhandled_vector offset, name, level
    .org \offset
    .global \name
\name:
    wsr     a2, excsave\level
    movi    a2, \offset
    j       fw_vector_trampoline
.endm

/* A vector with an entry in interrupt_entry.S: a0 goes to the level's EXCSAVE register, the rest is there. */
.macro handled_vector offset, name, level, entry
    .org \offset
    .global \name
\name:
    wsr     a0, excsave\level
    j       \entry
.endm

    handled_vector 0x180, _Level2Vector, 2, fw_level2_entry
    handled_vector 0x1C0, _Level3Vector, 3, fw_level3_entry
    unhandled_vector 0x200, _Level4Vector, 4
    unhandled_vector 0x240, _Level5Vector, 5
    unhandled_vector 0x280, _DebugExceptionVector, 6
    unhandled_vector 0x2C0, _NMIExceptionVector, 7
    handled_vector 0x300, _KernelExceptionVector, 1, fw_level1_entry
    handled_vector 0x340, _UserExceptionVector, 1, fw_level1_entry
    unhandled_vector 0x3C0, _DoubleExceptionVector, 1
    .org 0x400

/* Literal pools must precede the code that loads them (L32R reaches backwards only). */
    .section .literal.fw_vector_trampoline, "ax"
    .align 4
.Lreport_stack_top:
    .long   _boot_stack_top
.Lreport_ps:
    .long   0x4000F             /* PS.WOE = 1, INTLEVEL = 15, EXCM = 0: windowed calls legal, no nesting */
.Lreport:
    .long   fw_report_unhandled_vector

    .section .text.fw_vector_trampoline, "ax"
    .align 4
/* a2 = vector offset. The interrupted window state is unknown, so only this frame is kept live
 * (WINDOWSTART = 1 << WINDOWBASE) and the report runs on the boot stack. It never returns. */
fw_vector_trampoline:
    rsr     a3, windowbase
    movi    a4, 1
    ssl     a3
    sll     a4, a4
    wsr     a4, windowstart
    l32r    a1, .Lreport_stack_top
    l32r    a3, .Lreport_ps
    wsr     a3, ps
    rsync
    mov     a6, a2
    rsr     a7, exccause
    rsr     a8, epc1
    rsr     a9, excvaddr
    l32r    a10, .Lreport       /* CALLXn, not CALLn: lx106-ld cannot relocate windowed CALLn */
    callx4  a10
1:  j       1b
