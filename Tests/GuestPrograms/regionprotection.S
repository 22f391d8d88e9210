/* SPDX-License-Identifier: MIT */
/* Region protection: WDTLB/WITLB attributes per 512 MB region, RDTLB/RITLB/PDTLB/PITLB reads, and the
 * exceptions for forbidden accesses: LoadProhibited (28), StoreProhibited (29), InstFetchProhibited (20),
 * with EXCVADDR. Region 0 (0x00000000-0x1FFFFFFF) holds the sim board's RAM; this program runs in region 7. */
#include "harness.inc"
    .global main
main:
    set_handler user, prohibited_handler
    movi    a2, 0x1000                /* a RAM address in region 0 */
    movi    a3, 0x5A
    s32i    a3, a2, 0

    /* attribute 15: no access at all */
    movi    a4, 15
    wdtlb   a4, a2
    dsync
    rdtlb1  a5, a2
    ASSERT_EQ(a5, 15)
    rdtlb0  a5, a2
    ASSERT_EQ(a5, 0)
    movi    a10, -1
    l32i    a6, a2, 0
    ASSERT_EQ(a10, 28)
    ASSERT_EQ(a9, 0x1000)
    movi    a10, -1
    s32i    a3, a2, 4
    ASSERT_EQ(a10, 29)
    ASSERT_EQ(a9, 0x1004)
    movi    a10, -1
    l8ui    a6, a2, 3
    ASSERT_EQ(a10, 28)

    /* attribute 0: read and write, no execution */
    movi    a4, 0
    wdtlb   a4, a2
    witlb   a4, a2
    isync
    l32i    a6, a2, 0
    ASSERT_EQ(a6, 0x5A)
    ritlb1  a5, a2
    ASSERT_EQ(a5, 0)
    /* put "movi a2, 7; ret" at 0x1000 and call it: fetching is forbidden */
    l32r_value a6, 0x0dF0722C
    movi    a10, -1
    movi    a11, 0
    callx0  a2
    ASSERT_EQ(a10, 20)
    ASSERT_EQ(a9, 0x1000)
    /* allow execution again (attribute 2, the reset value) and run the same code */
    movi    a4, 2
    witlb   a4, a2
    isync
    movi    a7, 0
    l32r_value a6, 0xF00D770C        /* movi.n a7, 7 ; ret.n */
    s32i    a6, a2, 0
    callx0  a2
    ASSERT_EQ(a7, 7)
    pitlb   a5, a2
    ASSERT_EQ(a5, 1)
    pdtlb   a5, a2
    ASSERT_EQ(a5, 1)
    iitlb   a2
    idtlb   a2
    PASS

    .align 4
prohibited_handler:
    rsr     a10, exccause
    rsr     a9, excvaddr
    movi    a12, 20
    beq     a10, a12, 1f
    rsr     a13, epc1
    addi    a13, a13, 3
    wsr     a13, epc1
    rsr     a0, excsave1
    rfe
1:  rsr     a0, excsave1              /* a fetch fault: return to the caller */
    wsr     a0, epc1
    rfe
