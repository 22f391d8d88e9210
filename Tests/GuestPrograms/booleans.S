/* SPDX-License-Identifier: MIT */
/* The boolean option: ANDB/ANDBC/ORB/ORBC/XORB, ANY4/ALL4/ANY8/ALL8 (groups aligned to 4 and 8), BF/BT,
 * MOVF/MOVT and RSR/WSR/XSR BR (16 bits). QEMU: de233_fpu */
#include "harness.inc"

    /* set_br value: BR <- value */
    .macro set_br value
    l32r_value a15, \value
    wsr     a15, br
    .endm
    .macro check_br_at expected, line
    rsr     a12, br
    assert_eq a12, \expected, \line
    .endm
#define check_br(expected) check_br_at expected, __LINE__

    .global main
main:
    set_br  0x0000000A              /* b1 = 1, b3 = 1 */
    andb    b4, b1, b3
    check_br(0x1A)
    andb    b4, b1, b2
    check_br(0x0A)
    andbc   b5, b1, b2
    check_br(0x2A)
    orb     b6, b0, b2
    check_br(0x2A)
    orbc    b6, b0, b2
    check_br(0x6A)
    xorb    b7, b1, b3
    check_br(0x6A)
    xorb    b7, b1, b0
    check_br(0xEA)

    set_br  0x0000F000
    any4    b0, b12
    all4    b1, b12
    any4    b2, b8
    check_br(0xF003)
    set_br  0x00007000
    all4    b1, b12
    check_br(0x7000)
    set_br  0x0000FF00
    all8    b0, b8
    any8    b1, b0
    check_br(0xFF03)                  /* ANY8 sees the b0 that ALL8 just set */
    set_br  0x00000180
    all8    b3, b0
    any8    b4, b0
    check_br(0x190)

    set_br  0x00000004              /* b2 = 1 */
    movi    a2, 0
    bt      b2, 1f
    movi    a2, 1
1:  ASSERT_EQ(a2, 0)
    bf      b2, 2f
    movi    a2, 2
2:  ASSERT_EQ(a2, 2)
    bf      b3, 3f
    movi    a2, 3
3:  ASSERT_EQ(a2, 2)
    movi    a3, 77
    movi    a4, 88
    mov     a5, a4
    movt    a5, a3, b2
    ASSERT_EQ(a5, 77)
    mov     a5, a4
    movf    a5, a3, b2
    ASSERT_EQ(a5, 88)
    movf    a5, a3, b1
    ASSERT_EQ(a5, 77)

    set_br  0xFFFFFFFF
    check_br(0xFFFF)
    movi    a3, 0x12
    xsr     a3, br
    ASSERT_EQ(a3, 0xFFFF)
    check_br(0x12)
    PASS
