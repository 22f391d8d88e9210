/* SPDX-License-Identifier: MIT */
/* Every conditional branch taken and not taken (register, immediate with the B4CONST/B4CONSTU tables,
 * bit tests, zero tests, density forms), J, JX, CALL0/CALLX0/RET/RET.N. a6 counts taken branches.
 * QEMU: dc233c */
#include "harness.inc"

    /* taken cond...: the branch must jump; not_taken: it must fall through. */
    .macro taken insn:vararg
    \insn, 1f
    j       test_fail_branch
1:
    .endm
    .macro not_taken insn:vararg
    \insn, 1f
    j       2f
1:  j       test_fail_branch
2:
    .endm

    .global main
main:
    movi    a2, 5
    movi    a3, 5
    movi    a4, -3
    movi    a5, 0
    l32r_value a7, 0x80000000
    taken     beq a2, a3
    not_taken beq a2, a4
    taken     bne a2, a4
    not_taken bne a2, a3
    taken     blt a4, a2
    not_taken blt a2, a4
    not_taken blt a2, a3
    taken     bge a2, a4
    taken     bge a2, a3
    not_taken bge a4, a2
    taken     bltu a2, a4
    not_taken bltu a4, a2
    taken     bgeu a4, a2
    not_taken bgeu a2, a4
    movi    a8, 0x0F
    movi    a9, 0x05
    movi    a10, 0x30
    taken     bany a8, a9
    not_taken bany a8, a10
    taken     bnone a8, a10
    not_taken bnone a8, a9
    taken     ball a8, a9
    not_taken ball a9, a8
    taken     bnall a9, a8
    not_taken bnall a8, a9
    movi    a11, 31
    taken     bbs a7, a11
    not_taken bbc a7, a11
    movi    a11, 63          /* only the low 5 bits select the bit */
    taken     bbs a7, a11
    movi    a11, 1
    taken     bbc a7, a11
    taken     bbsi a7, 31
    not_taken bbsi a7, 0
    taken     bbci a7, 0
    not_taken bbci a7, 31
    movi    a12, 1
    taken     bbsi a12, 0

    movi    a2, -1
    taken     beqi a2, -1
    not_taken bnei a2, -1
    movi    a2, 256
    taken     beqi a2, 256
    taken     bgei a2, 128
    not_taken blti a2, 256
    movi    a2, 12
    taken     bnei a2, 10
    taken     blti a2, 16
    movi    a2, -2
    taken     blti a2, -1
    not_taken bgei a2, 1
    l32r_value a2, 40000
    taken     bgeui a2, 32768
    taken     bltui a2, 65536
    not_taken bltui a2, 32768
    movi    a2, -1
    taken     bgeui a2, 65536

    movi    a2, 0
    movi    a3, -7
    taken     beqz a2
    not_taken beqz a3
    taken     bnez a3
    not_taken bnez a2
    taken     bltz a3
    not_taken bltz a2
    taken     bgez a2
    not_taken bgez a3
    taken     beqz.n a2
    not_taken beqz.n a3
    taken     bnez.n a3
    not_taken bnez.n a2

    j       .Lover
    j       test_fail_branch
.Lover:
    l32r_value a2, .Ljx_target
    jx      a2
    j       test_fail_branch
.Ljx_target:
    movi    a4, 0
    call0   leaf
    ASSERT_EQ(a4, 1)
    l32r_value a2, leaf_density
    callx0  a2
    ASSERT_EQ(a4, 2)
    PASS

test_fail_branch:
    movi    a15, __LINE__
    mov     a13, a0
    movi    a14, 0
    j       test_fail

    .align 4
leaf:
    addi    a4, a4, 1
    ret
    .align 4
leaf_density:
    addi    a4, a4, 1
    ret.n
