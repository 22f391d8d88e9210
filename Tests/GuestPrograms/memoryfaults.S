/* SPDX-License-Identifier: MIT */
/* Accesses no memory answers: loads and stores raise LoadStorePIFAddrError (15) with EXCVADDR, instruction
 * fetch raises InstrPIFAddrError (14) with EPC1 = EXCVADDR = the target (the ESP32's behaviour as Espressif's
 * QEMU models it; the sim board has nothing at 0x10000000). */
#include "harness.inc"
    .global main
main:
    set_handler user, fault_handler
    l32r_value a2, 0x10000000
    movi    a10, -1
    movi    a11, 3
    l32i    a3, a2, 4
    ASSERT_EQ(a10, 15)
    ASSERT_EQ(a9, 0x10000004)
    movi    a10, -1
    s8i     a3, a2, 1
    ASSERT_EQ(a10, 15)
    ASSERT_EQ(a9, 0x10000001)
    movi    a10, -1
    l16ui   a3, a2, 2
    ASSERT_EQ(a10, 15)

    /* fetch: the handler returns to the address in a0, the call's return address */
    movi    a10, -1
    movi    a11, 0
    callx0  a2
    ASSERT_EQ(a10, 14)
    ASSERT_EQ(a9, 0x10000000)
    ASSERT_EQ(a8, 0x10000000)
    PASS

    .align 4
fault_handler:
    rsr     a10, exccause
    rsr     a9, excvaddr
    rsr     a8, epc1
    movi    a12, 14
    beq     a10, a12, 1f
    add     a8, a8, a11
    wsr     a8, epc1
    rsr     a0, excsave1
    rfe
1:  rsr     a0, excsave1
    wsr     a0, epc1
    rfe
