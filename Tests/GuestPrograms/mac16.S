/* SPDX-License-Identifier: MIT */
/* MAC16: every multiply form (UMUL/MUL/MULA/MULS with AA/AD/DA/DD operands and LL/HL/LH/HH halves), the
 * MULA forms that also load with LDINC/LDDEC, LDINC/LDDEC, and RSR/WSR/XSR of M0-M3, ACCLO and ACCHI
 * (ACCHI holds bits 39:32 sign-extended). Generated once from a Python model; the expectations are confirmed
 * by running this program on QEMU. QEMU: de233_fpu */
#include "harness.inc"
    .data
    .align 4
mac_words: .long 0x11111111, 0x5EED1234, 0x22222222, 0x0BADF00D, 0x33333333
    .text
    .global main
main:
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    umul.aa.ll a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x0001962f)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x00000000)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    umul.aa.hl a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x0000369c)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x00000000)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    umul.aa.lh a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x8763f136)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x00000000)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    umul.aa.hh a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1233db98)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x00000000)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.aa.ll a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0xfffe962f)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffffff)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.aa.hl a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x0000369c)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x00000000)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.aa.lh a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x0000f136)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x00000000)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.aa.hh a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0xffffdb98)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffffff)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.ad.ll a2, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0xffff8765)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffffff)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.ad.hl a2, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x00001234)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x00000000)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.ad.lh a2, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x3c4d8000)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x00000000)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.ad.hh a2, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0xf6e60000)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffffff)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.da.ll m0, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0xfffe8000)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffffff)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.da.hl m0, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x00017ffd)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x00000000)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.da.lh m0, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x00010000)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x00000000)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.da.hh m0, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0xffff0002)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffffff)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.dd.ll m0, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0xffff8000)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffffff)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.dd.hl m0, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x00007fff)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x00000000)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.dd.lh m0, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x40000000)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x00000000)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mul.dd.hh m0, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0xc0008000)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffffff)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.aa.ll a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1232eca7)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.aa.hl a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12348d14)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.aa.lh a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x123547ae)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.aa.hh a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12343210)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.ad.ll a2, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1233dddd)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.ad.hl a2, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x123468ac)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.ad.lh a2, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x4e81d678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.ad.hh a2, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x091a5678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.da.ll m0, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1232d678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.da.hl m0, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1235d675)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.da.lh m0, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12355678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.da.hh m0, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1233567a)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.dd.ll m0, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1233d678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.dd.hl m0, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1234d677)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.dd.lh m0, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x52345678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    mula.dd.hh m0, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0xd234d678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x0000007f)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.aa.ll a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1235c049)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.aa.hl a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12341fdc)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.aa.lh a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12336542)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.aa.hh a2, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12347ae0)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.ad.ll a2, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1234cf13)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.ad.hl a2, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12344444)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.ad.lh a2, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0xd5e6d678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x0000007f)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.ad.hh a2, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1b4e5678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.da.ll m0, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1235d678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.da.hl m0, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1232d67b)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.da.lh m0, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12335678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.da.hh m0, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12355676)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.dd.ll m0, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1234d678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.dd.hl m0, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1233d679)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.dd.lh m0, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0xd2345678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0x0000007f)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    muls.dd.hh m0, m2
    rsr a5, acclo
    ASSERT_EQ(a5, 0x5233d678)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.da.ll.ldinc m1, a6, m1, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12345675)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x0badf00d)
    l32r_value a7, mac_words + 12
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.da.ll.lddec m1, a6, m1, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12345675)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x5eed1234)
    l32r_value a7, mac_words + 4
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.da.hl.ldinc m1, a6, m1, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1234567e)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x0badf00d)
    l32r_value a7, mac_words + 12
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.da.hl.lddec m1, a6, m1, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1234567e)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x5eed1234)
    l32r_value a7, mac_words + 4
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.da.lh.ldinc m1, a6, m1, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1234567a)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x0badf00d)
    l32r_value a7, mac_words + 12
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.da.lh.lddec m1, a6, m1, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x1234567a)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x5eed1234)
    l32r_value a7, mac_words + 4
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.da.hh.ldinc m1, a6, m1, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12345674)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x0badf00d)
    l32r_value a7, mac_words + 12
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.da.hh.lddec m1, a6, m1, a3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12345674)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x5eed1234)
    l32r_value a7, mac_words + 4
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.dd.ll.ldinc m1, a6, m1, m3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12345668)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x0badf00d)
    l32r_value a7, mac_words + 12
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.dd.ll.lddec m1, a6, m1, m3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12345668)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x5eed1234)
    l32r_value a7, mac_words + 4
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.dd.hl.ldinc m1, a6, m1, m3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12345698)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x0badf00d)
    l32r_value a7, mac_words + 12
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.dd.hl.lddec m1, a6, m1, m3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12345698)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x5eed1234)
    l32r_value a7, mac_words + 4
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.dd.lh.ldinc m1, a6, m1, m3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12345578)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x0badf00d)
    l32r_value a7, mac_words + 12
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.dd.lh.lddec m1, a6, m1, m3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12345578)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x5eed1234)
    l32r_value a7, mac_words + 4
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.dd.hh.ldinc m1, a6, m1, m3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12345878)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x0badf00d)
    l32r_value a7, mac_words + 12
    ASSERT_EQ_REG(a6, a7)
    l32r_value a2, 0x12348765
    l32r_value a3, 0xfffe0003
    l32r_value a4, 0x7fff8000
    wsr a4, m0
    l32r_value a4, 0x0002ffff
    wsr a4, m1
    l32r_value a4, 0x80000001
    wsr a4, m2
    l32r_value a4, 0x01000010
    wsr a4, m3
    l32r_value a4, 0x12345678
    wsr a4, acclo
    movi a4, -128
    wsr a4, acchi
    l32r_value a6, mac_words + 8
    mula.dd.hh.lddec m1, a6, m1, m3
    rsr a5, acclo
    ASSERT_EQ(a5, 0x12345878)
    rsr a5, acchi
    ASSERT_EQ(a5, 0xffffff80)
    rsr a5, m1
    ASSERT_EQ(a5, 0x5eed1234)
    l32r_value a7, mac_words + 4
    ASSERT_EQ_REG(a6, a7)
    l32r_value a6, mac_words + 8
    ldinc m2, a6
    rsr a5, m2
    ASSERT_EQ(a5, 0x0badf00d)
    l32r_value a7, mac_words + 12
    ASSERT_EQ_REG(a6, a7)
    l32r_value a6, mac_words + 8
    lddec m2, a6
    rsr a5, m2
    ASSERT_EQ(a5, 0x5eed1234)
    l32r_value a7, mac_words + 4
    ASSERT_EQ_REG(a6, a7)
    movi a2, 0x55
    wsr a2, m3
    movi a3, 0x66
    xsr a3, m3
    ASSERT_EQ(a3, 0x55)
    rsr a3, m3
    ASSERT_EQ(a3, 0x66)
    movi a3, 0x7F
    xsr a3, acchi
    rsr a3, acchi
    ASSERT_EQ(a3, 0x7F)
    movi a3, 1
    xsr a3, acclo
    rsr a3, acclo
    ASSERT_EQ(a3, 1)
    movi a3, 1
    xsr a3, m0
    rsr a3, m0
    ASSERT_EQ(a3, 1)
    movi a3, 2
    xsr a3, m1
    rsr a3, m1
    ASSERT_EQ(a3, 2)
    movi a3, 3
    xsr a3, m2
    rsr a3, m2
    ASSERT_EQ(a3, 3)
    PASS
