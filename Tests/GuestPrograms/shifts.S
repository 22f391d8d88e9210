/* SPDX-License-Identifier: MIT */
/* SAR setup (SSR/SSL/SSA8L/SSA8B/SSAI, WSR.SAR) and the shifts SLL/SRL/SRA/SRC/SLLI/SRAI/SRLI,
 * including SAR = 0 and SAR = 32. QEMU: dc233c */
#include "harness.inc"
    .global main
main:
    movi    a2, 37
    ssr     a2
    rsr     a3, sar
    ASSERT_EQ(a3, 5)
    ssl     a2
    rsr     a3, sar
    ASSERT_EQ(a3, 27)
    movi    a2, 0
    ssl     a2
    rsr     a3, sar
    ASSERT_EQ(a3, 32)
    movi    a2, 7
    ssa8l   a2
    rsr     a3, sar
    ASSERT_EQ(a3, 24)
    movi    a2, 1
    .byte   0x00, 0x32, 0x40       /* ssa8b a2: LLVM lacks the mnemonic */
    rsr     a3, sar
    ASSERT_EQ(a3, 24)
    movi    a2, 0
    .byte   0x00, 0x32, 0x40       /* ssa8b a2 */
    rsr     a3, sar
    ASSERT_EQ(a3, 32)
    ssai    31
    rsr     a3, sar
    ASSERT_EQ(a3, 31)
    movi    a2, 0xff
    wsr     a2, sar
    rsr     a3, sar
    ASSERT_EQ(a3, 0x3f)

    l32r_value a2, 0x80000001
    l32r_value a5, 0x12345678
    ssl     a5                      /* SAR = 32 - 24 = 8: SLL shifts by 24 */
    sll     a4, a2
    ASSERT_EQ(a4, 0x01000000)
    ssr     a5                      /* SAR = 24 */
    srl     a4, a2
    ASSERT_EQ(a4, 0x80)
    sra     a4, a2
    ASSERT_EQ(a4, 0xFFFFFF80)
    src     a4, a5, a2              /* ({a5, a2} >> 24) */
    ASSERT_EQ(a4, 0x34567880)
    ssai    0
    src     a4, a5, a2
    ASSERT_EQ(a4, 0x80000001)
    sll     a4, a2                  /* SAR 0: shift by 32 */
    ASSERT_EQ(a4, 0)
    movi    a3, 0
    ssl     a3                      /* SAR 32 */
    sll     a4, a2
    ASSERT_EQ(a4, 0x80000001)
    srl     a4, a2
    ASSERT_EQ(a4, 0)
    sra     a4, a2
    ASSERT_EQ(a4, -1)
    src     a4, a5, a2
    ASSERT_EQ(a4, 0x12345678)

    slli    a4, a2, 1
    ASSERT_EQ(a4, 2)
    slli    a4, a2, 31
    ASSERT_EQ(a4, 0x80000000)
    srai    a4, a2, 31
    ASSERT_EQ(a4, -1)
    srai    a4, a2, 0
    ASSERT_EQ(a4, 0x80000001)
    srli    a4, a2, 15
    ASSERT_EQ(a4, 0x10000)
    srli    a4, a2, 0
    ASSERT_EQ(a4, 0x80000001)
    PASS
