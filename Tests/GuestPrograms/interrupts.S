/* SPDX-License-Identifier: MIT */
/* Interrupts with the ESP32's numbering and levels: software interrupts 7 (level 1) and 29 (level 3) through
 * INTSET/INTCLEAR, the INTERRUPT register, INTENABLE, RSIL masking, level-1 entry (EXCCAUSE 4, EPC1 = the next
 * instruction), level-3 entry (EPC3, EPS3, PS.INTLEVEL) and RFI, priority between pending levels, nesting a
 * level-3 interrupt inside a level-1 handler that lowered its level, and PS.EXCM masking up to EXCMLEVEL 3. */
#include "harness.inc"

    .macro expect_taken_at counter, expected, line
    assert_eq \counter, \expected, \line
    .endm

    .global main
main:
    set_handler user, level1_handler
    set_handler level3, level3_handler
    movi    a9, 0                     /* level-1 entries */
    movi    a10, 0                    /* level-3 entries */
    movi    a11, 0                    /* order log: each handler shifts in its level */
    movi    a15, 0                    /* set by the nesting test below (set_handler used a15) */
    l32r_value a2, (1 << 7) | (1 << 29)
    wsr     a2, intenable

    /* a software interrupt is taken right after the WSR that raises it */
    movi    a2, 1 << 7
    wsr     a2, intset
.Lafter_intset:
    ASSERT_EQ(a9, 1)
    l32r_value a3, .Lafter_intset
    ASSERT_EQ_REG(a8, a3)             /* EPC1 pointed at the next instruction */
    ASSERT_EQ(a7, 4)                  /* EXCCAUSE = Level1Interrupt */
    rsr     a3, interrupt
    ASSERT_EQ(a3, 0)

    /* RSIL masks level 1; lowering the level lets it in */
    rsil    a4, 1
    ASSERT_EQ(a4, 0x40020)            /* the old PS */
    movi    a2, 1 << 7
    wsr     a2, intset
    rsr     a3, interrupt
    ASSERT_EQ(a3, 1 << 7)
    ASSERT_EQ(a9, 1)
    rsil    a4, 0
    ASSERT_EQ(a9, 2)

    /* INTCLEAR removes a pending software interrupt */
    rsil    a4, 1
    movi    a2, 1 << 7
    wsr     a2, intset
    wsr     a2, intclear
    rsil    a4, 0
    ASSERT_EQ(a9, 2)

    /* level 3: EPC3/EPS3 and PS.INTLEVEL 3 in the handler */
    l32r_value a2, 1 << 29
    wsr     a2, intset
.Lafter_level3:
    ASSERT_EQ(a10, 1)
    l32r_value a3, .Lafter_level3
    ASSERT_EQ_REG(a6, a3)             /* EPC3 */
    ASSERT_EQ(a5, 0x40020)            /* EPS3 = the interrupted PS */
    ASSERT_EQ(a12, 0x40033)           /* PS inside: INTLEVEL 3, EXCM 1 */

    /* both pending: level 3 first, then level 1 */
    rsil    a4, 3
    movi    a11, 0
    l32r_value a2, (1 << 7) | (1 << 29)
    wsr     a2, intset
    rsil    a4, 0
    ASSERT_EQ(a11, 0x31)              /* 3 then 1 */

    /* PS.EXCM holds off levels up to 3 */
    rsr     a4, ps
    movi    a2, 0x10
    or      a2, a4, a2
    wsr     a2, ps
    rsync
    movi    a11, 0
    l32r_value a2, 1 << 29
    wsr     a2, intset
    ASSERT_EQ(a11, 0)
    wsr     a4, ps
    rsync
    ASSERT_EQ(a11, 3)

    /* nesting: the level-1 handler lowers PS to INTLEVEL 1 with EXCM clear and raises level 3 */
    movi    a11, 0
    movi    a15, 1                    /* ask the level-1 handler to nest */
    movi    a2, 1 << 7
    wsr     a2, intset
    ASSERT_EQ(a11, 0x13)              /* level 1 entered, level 3 inside it */
    PASS

    .align 4
level1_handler:
    addi    a9, a9, 1
    slli    a11, a11, 4
    addi    a11, a11, 1
    rsr     a8, epc1
    rsr     a7, exccause
    movi    a2, 1 << 7
    wsr     a2, intclear
    beqz    a15, 1f
    movi    a15, 0
    rsr     a13, ps
    movi    a2, 0x40021               /* INTLEVEL 1, EXCM 0: level 3 may now interrupt */
    wsr     a2, ps
    rsync
    l32r_value a2, 1 << 29
    wsr     a2, intset
    wsr     a13, ps
    rsync
1:  rsr     a0, excsave1
    rfe

    .align 4
level3_handler:
    addi    a10, a10, 1
    slli    a11, a11, 4
    addi    a11, a11, 3
    rsr     a6, epc3
    rsr     a5, eps3
    rsr     a12, ps
    l32r_value a2, 1 << 29
    wsr     a2, intclear
    rsr     a0, excsave3
    rfi     3
