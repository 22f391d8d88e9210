/* SPDX-License-Identifier: MIT */
/* MULUH/MULSH (MUL32_HIGH, which QEMU's cores lack). */
#include "harness.inc"
    .global main
main:
    l32r_value a2, 0xFFFFFFFF
    l32r_value a3, 0xFFFFFFFF
    muluh   a4, a2, a3
    ASSERT_EQ(a4, 0xFFFFFFFE)
    mulsh   a4, a2, a3
    ASSERT_EQ(a4, 0)
    l32r_value a2, 0x80000000
    movi    a3, 2
    muluh   a4, a2, a3
    ASSERT_EQ(a4, 1)
    mulsh   a4, a2, a3
    ASSERT_EQ(a4, -1)
    l32r_value a2, 0x12345678
    l32r_value a3, 0x9ABCDEF0
    muluh   a4, a2, a3
    ASSERT_EQ(a4, 0x0B00EA4E)
    mulsh   a4, a2, a3
    ASSERT_EQ(a4, 0xF8CC93D6)
    PASS
