/* SPDX-License-Identifier: MIT */
/* From an exception or interrupt vector to C and back (vectors.S jumps here with a0 in EXCSAVEn).
 *
 * Every entry saves the interrupted state into a frame (interrupt_frame.h) below the interrupted stack
 * pointer, spills the interrupted code's register windows to its stack, switches the stack pointer to the
 * frame and calls C with the windowed ABI:
 *   level 1, EXCCAUSE 4 (interrupt)   fw_interrupt_dispatch(1, frame) at INTLEVEL 1; it returns the frame to
 *                                     resume, another task's when the kernel switches
 *   level 1, EXCCAUSE 5 (MOVSP)       nothing more: with the windows spilled, MOVSP succeeds when retried
 *   level 1, any other cause          fw_exception_dispatch(frame), which reports and halts
 *   levels 2 and 3 (medium priority) fw_interrupt_dispatch(level, frame) at INTLEVEL level
 * and on return restores the frame and resumes with RFE / RFI. Handlers therefore nest by priority, and a
 * handler may run any C or Swift code that does not use the FPU or MAC16 (their registers are not saved).
 *
 * Why spill: while the interrupted stack pointer is moved down to make room for the frame, a window overflow
 * taken on behalf of the interrupted function's callers would save their registers relative to the moved
 * pointer, and the underflow after the return would look for them in the right place. With the windows
 * spilled first, only the interrupted frame is live and nothing depends on the moved pointer. */
#include "interrupt_frame.h"

#define PS_INTLEVEL(n)  (n)
#define PS_EXCM         0x10
#define PS_UM           0x20
#define PS_WOE          0x40000
#define EXCCAUSE_LEVEL1_INTERRUPT 4
#define EXCCAUSE_ALLOCA           5

    .section .iram.literal.fw_interrupt_entry, "ax"
    .align 4
.Lps_spill:         .long PS_WOE | PS_UM | PS_INTLEVEL(3)   /* window exceptions on, C-level interrupts held */
.Lps_level1:        .long PS_WOE | PS_UM | PS_INTLEVEL(1)
.Lps_level2:        .long PS_WOE | PS_UM | PS_INTLEVEL(2)
.Lps_level3:        .long PS_WOE | PS_UM | PS_INTLEVEL(3)
.Lps_restore2:      .long PS_EXCM | PS_INTLEVEL(2)
.Lps_restore3:      .long PS_EXCM | PS_INTLEVEL(3)
.Lwindow_spill:     .long fw_window_spill
.Linterrupt_dispatch: .long fw_interrupt_dispatch
.Lexception_dispatch: .long fw_exception_dispatch

    .section .iram.text.fw_interrupt_entry, "ax"
    .align 4

/* a0 = frame. Saves a1..a15 and the registers every entry shares. */
.macro save_common
    s32i    a1, a0, FRAME_A1
    s32i    a2, a0, FRAME_A0 + 8
    s32i    a3, a0, FRAME_A0 + 12
    s32i    a4, a0, FRAME_A0 + 16
    s32i    a5, a0, FRAME_A0 + 20
    s32i    a6, a0, FRAME_A0 + 24
    s32i    a7, a0, FRAME_A0 + 28
    s32i    a8, a0, FRAME_A0 + 32
    s32i    a9, a0, FRAME_A0 + 36
    s32i    a10, a0, FRAME_A0 + 40
    s32i    a11, a0, FRAME_A0 + 44
    s32i    a12, a0, FRAME_A0 + 48
    s32i    a13, a0, FRAME_A0 + 52
    s32i    a14, a0, FRAME_A0 + 56
    s32i    a15, a0, FRAME_A0 + 60
    rsr     a2, sar
    s32i    a2, a0, FRAME_SAR
    rsr     a2, lbeg
    s32i    a2, a0, FRAME_LBEG
    rsr     a2, lend
    s32i    a2, a0, FRAME_LEND
    rsr     a2, lcount
    s32i    a2, a0, FRAME_LCOUNT
    rsr     a2, scompare1
    s32i    a2, a0, FRAME_SCOMPARE1
    rsr     a2, exccause
    s32i    a2, a0, FRAME_EXCCAUSE
    rsr     a2, excvaddr
    s32i    a2, a0, FRAME_EXCVADDR
.endm

/* a0 = frame, a1 = the interrupted stack pointer. Spills the interrupted windows (fw_window_spill needs the
 * interrupted a1 to find the callers' save areas), then moves the stack pointer to the frame. Leaves the frame
 * in a1 and a2. */
.macro spill_and_enter_frame
    mov     a2, a0              /* a0..a3 survive the call below; a4..a15 do not (they are saved) */
    l32r    a3, .Lps_spill
    wsr     a3, ps
    rsync
    l32r    a3, .Lwindow_spill
    callx4  a3
    mov     a1, a2
.endm

/* a1 = frame. Calls fw_interrupt_dispatch(level, frame) with PS from literal `ps`. */
.macro dispatch_interrupt level, ps
    l32r    a3, \ps
    wsr     a3, ps
    rsync
    movi    a6, \level
    mov     a7, a1
    l32r    a3, .Linterrupt_dispatch
    callx4  a3
.endm

/* a1 = frame; PS already holds EXCM = 1 so nothing can interrupt. Restores everything but PS, the PC and
 * a1, which the caller returns with. */
.macro restore_common
    l32i    a2, a1, FRAME_SAR
    wsr     a2, sar
    l32i    a2, a1, FRAME_LBEG
    wsr     a2, lbeg
    l32i    a2, a1, FRAME_LEND
    wsr     a2, lend
    l32i    a2, a1, FRAME_LCOUNT
    wsr     a2, lcount
    l32i    a2, a1, FRAME_SCOMPARE1
    wsr     a2, scompare1
    l32i    a2, a1, FRAME_EXCCAUSE
    wsr     a2, exccause
    l32i    a2, a1, FRAME_EXCVADDR
    wsr     a2, excvaddr
    l32i    a0, a1, FRAME_A0
    l32i    a2, a1, FRAME_A0 + 8
    l32i    a3, a1, FRAME_A0 + 12
    l32i    a4, a1, FRAME_A0 + 16
    l32i    a5, a1, FRAME_A0 + 20
    l32i    a6, a1, FRAME_A0 + 24
    l32i    a7, a1, FRAME_A0 + 28
    l32i    a8, a1, FRAME_A0 + 32
    l32i    a9, a1, FRAME_A0 + 36
    l32i    a10, a1, FRAME_A0 + 40
    l32i    a11, a1, FRAME_A0 + 44
    l32i    a12, a1, FRAME_A0 + 48
    l32i    a13, a1, FRAME_A0 + 52
    l32i    a14, a1, FRAME_A0 + 56
    l32i    a15, a1, FRAME_A0 + 60
.endm

/* Level-1 exceptions and interrupts, from the kernel and user vectors. */
    .global fw_level1_entry
fw_level1_entry:
    addi    a0, a1, -(FRAME_SIZE + FRAME_GAP)
    save_common
    rsr     a2, excsave1
    s32i    a2, a0, FRAME_A0
    rsr     a2, epc1
    s32i    a2, a0, FRAME_PC
    rsr     a2, ps
    s32i    a2, a0, FRAME_PS
    spill_and_enter_frame
    l32i    a3, a1, FRAME_EXCCAUSE
    movi    a4, EXCCAUSE_LEVEL1_INTERRUPT
    bne     a3, a4, 1f
    dispatch_interrupt 1, .Lps_level1
    mov     a1, a6              /* the frame to resume (the kernel may have picked another task) */
    j       2f
1:  movi    a4, EXCCAUSE_ALLOCA
    beq     a3, a4, 2f
    mov     a6, a1
    l32r    a3, .Lexception_dispatch
    callx4  a3
2:  l32i    a2, a1, FRAME_PS    /* the interrupted PS with EXCM set, as the exception left it */
    wsr     a2, ps
    rsync
    l32i    a2, a1, FRAME_PC
    wsr     a2, epc1
    restore_common
    l32i    a1, a1, FRAME_A1
    rfe

/* Medium-priority interrupts (levels 2 and 3, at most EXCMLEVEL, so C may handle them). */
.macro medium_level_entry level
    .global fw_level\level\()_entry
fw_level\level\()_entry:
    addi    a0, a1, -(FRAME_SIZE + FRAME_GAP)
    save_common
    rsr     a2, excsave\level
    s32i    a2, a0, FRAME_A0
    rsr     a2, epc\level
    s32i    a2, a0, FRAME_PC
    rsr     a2, eps\level
    s32i    a2, a0, FRAME_PS
    spill_and_enter_frame
    dispatch_interrupt \level, .Lps_level\level
    l32r    a2, .Lps_restore\level
    wsr     a2, ps
    rsync
    l32i    a2, a1, FRAME_PC
    wsr     a2, epc\level
    l32i    a2, a1, FRAME_PS
    wsr     a2, eps\level
    restore_common
    l32i    a1, a1, FRAME_A1
    rfi     \level
.endm

    medium_level_entry 2
    medium_level_entry 3

/* fw_window_spill: after it returns, the caller's frame is the only live register window; every older frame
 * is in its stack save area, exactly where the window overflow handlers put it. Call it with CALLX4 and
 * PS.EXCM = 0, PS.WOE = 1. It works by rotating the window all the way round: each ENTRY below makes the
 * overflow handlers spill whatever frame is in the way, as deep calls do. The panes reached (1, 2, 5, 8, 11,
 * 14 above the caller's) check 2..17 between them, so every pane an older frame can occupy (4..15) is cleared.
 *
 * Its own frame covers the FRAME_SIZE + FRAME_GAP bytes below the caller's stack pointer without writing
 * them, so the caller may keep data there (the interrupt frame); the caller's a0..a3 go below that. */
    .section .iram.literal.fw_window_spill, "ax"
    .align 4
.Lspill_12:         .long fw_window_spill_12

    .section .iram.text.fw_window_spill, "ax"
    .align 4
    .global fw_window_spill
fw_window_spill:
    entry   a1, FRAME_SIZE + FRAME_GAP
    movi    a6, 4               /* four more levels after the first CALL12 frame */
    l32r    a3, .Lspill_12
    callx4  a3
    retw

/* One CALL12 frame of the chain; a2 = how many more to call. A CALL12 owner needs 48 bytes of frame: the 16 of
 * its callee's base save area and 32 for its a4..a11. */
fw_window_spill_12:
    entry   a1, 48
    beqz    a2, 1f
    addi    a14, a2, -1
    l32r    a3, .Lspill_12
    callx12 a3
1:  retw
