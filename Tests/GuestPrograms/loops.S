/* SPDX-License-Identifier: MIT */
/* Zero-overhead loops: LOOP/LOOPNEZ/LOOPGTZ, the LCOUNT/LBEG/LEND they write (also when skipped), LOOP with
 * 0 meaning 2^32, branches at LEND (taken: no loop-back; not taken: loop-back), leaving a loop by a jump,
 * loops set up with WSR, and PS.EXCM disabling loop-back. QEMU: dc233c */
#include "harness.inc"
    .global main
main:
    movi    a2, 10
    movi    a3, 0
    loop    a2, .Lend1
    addi    a3, a3, 1
.Lend1:
    ASSERT_EQ(a3, 10)
    rsr     a4, lcount
    ASSERT_EQ(a4, 0)
    rsr     a4, lend
    l32r_value a5, .Lend1
    ASSERT_EQ_REG(a4, a5)

    /* LOOPNEZ with 0: skipped, LCOUNT = 0xFFFFFFFF; LOOPGTZ with a negative count: skipped */
    movi    a2, 0
    movi    a3, 0
    loopnez a2, .Lend2
    addi    a3, a3, 1
.Lend2:
    ASSERT_EQ(a3, 0)
    rsr     a4, lcount
    ASSERT_EQ(a4, 0xFFFFFFFF)
    movi    a4, 0
    wsr     a4, lcount
    movi    a2, -5
    loopgtz a2, .Lend3
    addi    a3, a3, 1
.Lend3:
    ASSERT_EQ(a3, 0)
    movi    a4, 0
    wsr     a4, lcount
    movi    a2, 3
    loopgtz a2, .Lend4
    addi    a3, a3, 1
.Lend4:
    ASSERT_EQ(a3, 3)

    /* a not-taken branch as the last instruction loops back; a taken one leaves */
    movi    a2, 5
    movi    a3, 0
    movi    a6, 100
    loop    a2, .Lend5
    addi    a3, a3, 1
    beq     a3, a6, .Lnever5
.Lend5:
    j       1f
.Lnever5:
    movi    a15, __LINE__
    j       test_fail
1:  ASSERT_EQ(a3, 5)
    movi    a2, 5
    movi    a3, 0
    movi    a6, 2
    loop    a2, .Lend6
    addi    a3, a3, 1
    beq     a3, a6, .Lend6
.Lend6:
    ASSERT_EQ(a3, 2)
    rsr     a4, lcount
    ASSERT_EQ(a4, 3)
    movi    a4, 0
    wsr     a4, lcount

    /* a loop left by a jump keeps LCOUNT; clear it before code reaches LEND again */
    movi    a2, 8
    movi    a3, 0
    loop    a2, .Lend7
    addi    a3, a3, 1
    bgei    a3, 3, .Lout7
    nop
.Lend7:
.Lout7:
    ASSERT_EQ(a3, 3)
    rsr     a4, lcount
    ASSERT_EQ(a4, 5)
    movi    a4, 0
    wsr     a4, lcount

    /* a loop built with WSR: the rule applies to any instruction ending at LEND */
    l32r_value a4, .Lbody8
    wsr     a4, lbeg
    l32r_value a4, .Lend8
    wsr     a4, lend
    movi    a4, 4
    wsr     a4, lcount
    isync
    movi    a3, 0
.Lbody8:
    addi    a3, a3, 1
.Lend8:
    ASSERT_EQ(a3, 5)

    /* with PS.EXCM set there is no loop-back */
    movi    a2, 6
    movi    a3, 0
    rsr     a7, ps
    movi    a8, 0x10
    or      a8, a7, a8
    wsr     a8, ps
    rsync
    loop    a2, .Lend9
    addi    a3, a3, 1
.Lend9:
    wsr     a7, ps
    rsync
    ASSERT_EQ(a3, 1)
    movi    a4, 0
    wsr     a4, lcount
    PASS
