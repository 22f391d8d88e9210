/* SPDX-License-Identifier: MIT */
/* MUL16U/MUL16S/MULL and QUOU/QUOS/REMU/REMS, incl. 0x80000000 / -1 and IntegerDivideByZero
 * (EXCCAUSE 6, EPC1 at the divide, destination unchanged). QEMU: dc233c */
#include "harness.inc"
    .global main
main:
    l32r_value a2, 0x1234FFFF
    l32r_value a3, 0xABCD8000
    mul16u  a4, a2, a3
    ASSERT_EQ(a4, 0x7FFF8000)
    mul16s  a4, a2, a3
    ASSERT_EQ(a4, 0x00008000)
    mull    a4, a2, a3
    ASSERT_EQ(a4, 0xD4328000)

    movi    a2, 100
    movi    a3, 7
    quou    a4, a2, a3
    ASSERT_EQ(a4, 14)
    remu    a4, a2, a3
    ASSERT_EQ(a4, 2)
    movi    a2, -100
    quos    a4, a2, a3
    ASSERT_EQ(a4, -14)
    rems    a4, a2, a3
    ASSERT_EQ(a4, -2)
    quou    a4, a2, a3
    ASSERT_EQ(a4, 613566742)
    l32r_value a2, 0x80000000
    movi    a3, -1
    quos    a4, a2, a3
    ASSERT_EQ(a4, 0x80000000)
    rems    a4, a2, a3
    ASSERT_EQ(a4, 0)

    set_handler user, divide_by_zero
    movi    a3, 0
    movi    a4, 77
    movi    a6, 0
.Ldivide:
    quou    a4, a2, a3
    ASSERT_EQ(a6, 1)
    ASSERT_EQ(a4, 77)
    PASS

divide_by_zero:
    rsr     a7, exccause
    ASSERT_EQ(a7, 6)
    rsr     a7, epc1
    l32r_value a8, .Ldivide
    ASSERT_EQ_REG(a7, a8)
    addi    a7, a7, 3
    wsr     a7, epc1
    movi    a6, 1
    rsr     a0, excsave1
    rfe
