/* SPDX-License-Identifier: MIT */
/* The harness itself: a passing check, and the register values the setup promises. QEMU: dc233c */
#include "harness.inc"
    .global main
main:
    movi    a2, 5
    addi    a2, a2, 7
    ASSERT_EQ(a2, 12)
    rsr     a3, windowbase
    ASSERT_EQ(a3, 0)
    rsr     a3, windowstart
    ASSERT_EQ(a3, 1)
    rsr     a3, ps
    ASSERT_EQ(a3, 0x40020)
    PASS
