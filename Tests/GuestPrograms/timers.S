/* SPDX-License-Identifier: MIT */
/* CCOUNT and the three CCOMPARE timers: CCOMPARE0/1/2 raise interrupts 6/15/16 at levels 1/3/5 when CCOUNT
 * reaches them, writing CCOMPAREn clears its interrupt, masked timers stay pending, and WAITI sleeps until the
 * timer wakes the core (the interrupt returns to the instruction after WAITI). */
#include "harness.inc"
    .global main
main:
    set_handler user, timer0_handler
    set_handler level3, timer1_handler
    set_handler level5, timer2_handler
    movi    a9, 0
    movi    a10, 0
    movi    a11, 0

    /* CCOMPARE0, level 1 */
    movi    a2, 1 << 6
    wsr     a2, intenable
    rsr     a3, ccount
    addi    a3, a3, 120
    wsr     a3, ccompare0
1:  beqz    a9, 1b
    ASSERT_EQ(a9, 1)
    sub     a4, a8, a3                /* CCOUNT seen by the handler is past the compare value */
    bltui   a4, 128, 2f
    movi    a15, __LINE__
    j       test_fail
2:
    /* CCOMPARE1, level 3 */
    movi    a2, 1 << 15
    wsr     a2, intenable
    rsr     a3, ccount
    addi    a3, a3, 120
    wsr     a3, ccompare1
1:  beqz    a10, 1b
    ASSERT_EQ(a12, 3)                 /* INTLEVEL seen inside */

    /* CCOMPARE2, level 5 */
    l32r_value a2, 1 << 16
    wsr     a2, intenable
    rsr     a3, ccount
    addi    a3, a3, 120
    wsr     a3, ccompare2
1:  beqz    a11, 1b
    ASSERT_EQ(a12, 5)

    /* a masked timer stays pending in INTERRUPT until CCOMPARE is written */
    movi    a2, 0
    wsr     a2, intenable
    rsr     a3, ccount
    addi    a3, a3, 50
    wsr     a3, ccompare0
    movi    a4, 40
    loop    a4, 1f
    nop
    nop
1:  rsr     a5, interrupt
    ASSERT_EQ(a5, 1 << 6)
    wsr     a3, ccompare0
    rsr     a5, interrupt
    ASSERT_EQ(a5, 0)

    /* WAITI until the timer fires */
    movi    a9, 0
    movi    a2, 1 << 6
    wsr     a2, intenable
    rsr     a3, ccount
    l32r_value a4, 100000
    add     a3, a3, a4
    wsr     a3, ccompare0
    waiti   0
.Lafter_waiti:
    ASSERT_EQ(a9, 1)
    l32r_value a4, .Lafter_waiti
    ASSERT_EQ_REG(a7, a4)
    PASS

    .align 4
timer0_handler:
    addi    a9, a9, 1
    rsr     a8, ccount
    rsr     a7, epc1
    rsr     a6, ccompare0
    wsr     a6, ccompare0             /* acknowledge */
    rsr     a0, excsave1
    rfe

    .align 4
timer1_handler:
    addi    a10, a10, 1
    rsr     a12, ps
    extui   a12, a12, 0, 4
    rsr     a6, ccompare1
    wsr     a6, ccompare1
    rsr     a0, excsave3
    rfi     3

    .align 4
timer2_handler:
    addi    a11, a11, 1
    rsr     a12, ps
    extui   a12, a12, 0, 4
    rsr     a6, ccompare2
    wsr     a6, ccompare2
    rsr     a0, excsave5
    rfi     5
