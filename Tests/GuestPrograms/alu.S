/* SPDX-License-Identifier: MIT */
/* Integer ALU: ADD/SUB/ADDX/SUBX, logic, NEG/ABS, immediates, density forms, EXTUI, MIN/MAX, SEXT, CLAMPS,
 * NSA/NSAU, conditional moves. QEMU: dc233c */
#include "harness.inc"
    .global main
main:
    movi    a2, 0x7ff
    movi    a3, -2048
    add     a4, a2, a3
    ASSERT_EQ(a4, -1)
    sub     a4, a2, a3
    ASSERT_EQ(a4, 4095)
    addx2   a4, a2, a3
    ASSERT_EQ(a4, 2046)
    addx4   a4, a2, a3
    ASSERT_EQ(a4, 6140)
    addx8   a4, a2, a3
    ASSERT_EQ(a4, 14328)
    subx2   a4, a2, a3
    ASSERT_EQ(a4, 6142)
    subx4   a4, a2, a3
    ASSERT_EQ(a4, 10236)
    subx8   a4, a2, a3
    ASSERT_EQ(a4, 18424)
    /* destination equal to both sources */
    movi    a5, 21
    add     a5, a5, a5
    ASSERT_EQ(a5, 42)
    addx8   a5, a5, a5
    ASSERT_EQ(a5, 378)
    /* wrap-around */
    movi    a2, -1
    movi    a3, 1
    add     a4, a2, a3
    ASSERT_EQ(a4, 0)
    l32r_value a6, 0x80000000
    sub     a4, a6, a3
    ASSERT_EQ(a4, 0x7fffffff)

    l32r_value a2, 0xF0F0F0F0
    l32r_value a3, 0x3C3C3C3C
    and     a4, a2, a3
    ASSERT_EQ(a4, 0x30303030)
    or      a4, a2, a3
    ASSERT_EQ(a4, 0xFCFCFCFC)
    xor     a4, a2, a3
    ASSERT_EQ(a4, 0xCCCCCCCC)

    movi    a2, 5
    neg     a4, a2
    ASSERT_EQ(a4, -5)
    abs     a4, a4
    ASSERT_EQ(a4, 5)
    neg     a4, a6
    ASSERT_EQ(a4, 0x80000000)
    abs     a4, a6
    ASSERT_EQ(a4, 0x80000000)
    movi    a2, 0
    neg     a4, a2
    ASSERT_EQ(a4, 0)

    movi    a2, 100
    addi    a4, a2, -128
    ASSERT_EQ(a4, -28)
    addi    a4, a2, 127
    ASSERT_EQ(a4, 227)
    addmi   a4, a2, -32768
    ASSERT_EQ(a4, -32668)
    addmi   a4, a2, 32512
    ASSERT_EQ(a4, 32612)
    movi    a4, -2048
    ASSERT_EQ(a4, -2048)
    movi    a4, 2047
    ASSERT_EQ(a4, 2047)

    movi.n  a4, -32
    ASSERT_EQ(a4, -32)
    movi.n  a4, 95
    ASSERT_EQ(a4, 95)
    mov.n   a5, a4
    ASSERT_EQ(a5, 95)
    add.n   a5, a5, a4
    ASSERT_EQ(a5, 190)
    addi.n  a5, a5, -1
    ASSERT_EQ(a5, 189)
    addi.n  a5, a5, 15
    ASSERT_EQ(a5, 204)

    l32r_value a2, 0x8765ABCD
    extui   a4, a2, 0, 16
    ASSERT_EQ(a4, 0xABCD)
    extui   a4, a2, 31, 1
    ASSERT_EQ(a4, 1)
    extui   a4, a2, 16, 16
    ASSERT_EQ(a4, 0x8765)
    extui   a4, a2, 20, 4
    ASSERT_EQ(a4, 6)

    movi    a2, -5
    movi    a3, 3
    min     a4, a2, a3
    ASSERT_EQ(a4, -5)
    max     a4, a2, a3
    ASSERT_EQ(a4, 3)
    minu    a4, a2, a3
    ASSERT_EQ(a4, 3)
    maxu    a4, a2, a3
    ASSERT_EQ(a4, -5)

    movi    a2, 0x80
    sext    a4, a2, 7
    ASSERT_EQ(a4, -128)
    movi    a2, 0x7f
    sext    a4, a2, 7
    ASSERT_EQ(a4, 0x7f)
    l32r_value a2, 0x00400000
    sext    a4, a2, 22
    ASSERT_EQ(a4, 0xFFC00000)
    l32r_value a2, 0x12345
    sext    a4, a2, 15
    ASSERT_EQ(a4, 0x2345)

    movi    a2, 300
    clamps  a4, a2, 7
    ASSERT_EQ(a4, 127)
    movi    a2, -300
    clamps  a4, a2, 7
    ASSERT_EQ(a4, -128)
    movi    a2, -100
    clamps  a4, a2, 7
    ASSERT_EQ(a4, -100)
    l32r_value a2, 0x7fffffff
    clamps  a4, a2, 22
    ASSERT_EQ(a4, 0x3fffff)

    movi    a2, 0
    nsa     a4, a2
    ASSERT_EQ(a4, 31)
    movi    a2, -1
    nsa     a4, a2
    ASSERT_EQ(a4, 31)
    movi    a2, 1
    nsa     a4, a2
    ASSERT_EQ(a4, 30)
    nsa     a4, a6
    ASSERT_EQ(a4, 0)
    movi    a2, 0
    nsau    a4, a2
    ASSERT_EQ(a4, 32)
    movi    a2, 1
    nsau    a4, a2
    ASSERT_EQ(a4, 31)
    nsau    a4, a6
    ASSERT_EQ(a4, 0)

    movi    a2, 11
    movi    a3, 22
    movi    a5, 0
    movi    a7, -1
    mov     a4, a3
    moveqz  a4, a2, a5
    ASSERT_EQ(a4, 11)
    mov     a4, a3
    moveqz  a4, a2, a7
    ASSERT_EQ(a4, 22)
    mov     a4, a3
    movnez  a4, a2, a7
    ASSERT_EQ(a4, 11)
    mov     a4, a3
    movltz  a4, a2, a7
    ASSERT_EQ(a4, 11)
    mov     a4, a3
    movltz  a4, a2, a5
    ASSERT_EQ(a4, 22)
    mov     a4, a3
    movgez  a4, a2, a5
    ASSERT_EQ(a4, 11)
    mov     a4, a3
    movgez  a4, a2, a7
    ASSERT_EQ(a4, 22)
    PASS
