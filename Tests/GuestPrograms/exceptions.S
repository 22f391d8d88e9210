/* SPDX-License-Identifier: MIT */
/* XEA2 exceptions: ILL, ILL.N and an op0-14 word raise IllegalInstruction; SYSCALL;
 * EPC1/EXCCAUSE/EXCSAVE1; user vector with PS.UM = 1 and kernel vector with PS.UM = 0; an exception inside a
 * handler (PS.EXCM = 1) is a double exception (DEPC, RFDE) that leaves EPC1 and PS alone; ENTRY and RETW
 * with EXCM = 1 are illegal; MOVSP with no live caller frame raises Alloca. QEMU: dc233c */
#include "harness.inc"

    /* expect_exception cause, handler: the next instruction must raise `cause`; the common handler
     * records it in a10 and resumes after the 3-byte (or 2-byte, see skip) instruction. */
    .global main
main:
    set_handler user, user_handler
    set_handler kernel, kernel_handler
    set_handler double, double_handler

    movi    a10, -1
    movi    a11, 3
.Lill:
    ill
    ASSERT_EQ(a10, 0)
    l32r_value a5, .Lill
    ASSERT_EQ_REG(a8, a5)           /* EPC1 as the handler found it */

    movi    a10, -1
    movi    a11, 2
    ill.n
    ASSERT_EQ(a10, 0)

    movi    a10, -1
    movi    a11, 3
    .byte   0x0E, 0x00, 0x00        /* op0 = 14: no instruction has it */
    ASSERT_EQ(a10, 0)

    movi    a10, -1
    movi    a11, 3
    l32r_value a0, 0x5150           /* the vector saves a0 in EXCSAVE1 */
.Lsyscall:
    syscall
    ASSERT_EQ(a10, 1)
    l32r_value a5, .Lsyscall
    ASSERT_EQ_REG(a8, a5)
    ASSERT_EQ(a12, 0x5150)          /* the handler saw a0 in EXCSAVE1 */

    /* kernel vector when PS.UM = 0 */
    rsr     a7, ps
    movi    a8, ~0x20
    and     a8, a7, a8
    wsr     a8, ps
    rsync
    movi    a10, -1
    movi    a11, 3
    syscall
    wsr     a7, ps
    rsync
    ASSERT_EQ(a10, 0x101)

    /* a double exception: SYSCALL while EXCM = 1 */
    movi    a10, -1
    movi    a11, 3
    movi    a9, 1                   /* ask the user handler to raise again */
    syscall
    ASSERT_EQ(a10, 1)
    ASSERT_EQ(a9, 0x2001)           /* the double handler ran and saw EXCCAUSE 1 and the right DEPC */

    /* ENTRY with EXCM = 1 is illegal (a double exception, since EXCM is set) */
    movi    a9, 2
    movi    a10, -1
    movi    a11, 3
    syscall
    ASSERT_EQ(a9, 0x2000)

    /* MOVSP with no live frame in the three panes below: Alloca */
    movi    a10, -1
    movi    a11, 3
    movsp   a2, a3
    ASSERT_EQ(a10, 5)
    PASS

    .align 4
user_handler:
    rsr     a12, excsave1
    rsr     a10, exccause
    rsr     a8, epc1
    beqi    a9, 1, .Lraise_again
    beqi    a9, 2, .Lentry_in_handler
.Lresume:
    rsr     a13, epc1
    add     a13, a13, a11
    wsr     a13, epc1
    rsr     a0, excsave1
    rfe
.Lraise_again:
    rsr     a4, ps
    rsr     a5, epc1
.Ldouble_syscall:
    syscall                         /* DEPC gets this address; EPC1 and PS must not change */
    rsr     a6, ps
    ASSERT_EQ_REG(a6, a4)
    rsr     a6, epc1
    ASSERT_EQ_REG(a6, a5)
    j       .Lresume
.Lentry_in_handler:
    .byte   0x36, 0x41, 0x00        /* entry a1, 32 */
    j       .Lresume

    .align 4
kernel_handler:
    rsr     a10, exccause
    addmi   a10, a10, 0x100
    rsr     a13, epc1
    add     a13, a13, a11
    wsr     a13, epc1
    rsr     a0, excsave1
    rfe

    .align 4
double_handler:
    rsr     a13, exccause
    rsr     a14, depc
    beqi    a9, 2, .Lillegal_entry
    l32r_value a15, .Ldouble_syscall
    bne     a14, a15, 1f
    beqi    a13, 1, 2f
1:  movi    a9, 0xBAD
    j       3f
2:  movi    a9, 0x2001
3:  addi    a14, a14, 3
    wsr     a14, depc
    rsr     a0, excsave1
    rfde
.Lillegal_entry:
    movi    a9, 0x2000
    bnez    a13, 1b                 /* must be IllegalInstruction */
    addi    a14, a14, 3
    wsr     a14, depc
    rsr     a0, excsave1
    rfde
