/* SPDX-License-Identifier: MIT */
/* Reset entry (the ELF entry point). Image loaders jump here with the window registers, VECBASE and PS in
 * unknown states; on the sim board this is the core's reset vector (0xFE000000 for dc233c). Sets up the
 * windowed ABI, the vector base and the boot stack, clears .bss (image formats do not carry it) and calls
 * fw_main, which never returns. */
#ifdef BOARD_SIM
/* The sim board starts at the reset vector, which its linker script puts first; _start's literal pool must
 * precede _start, so the vector jumps over it. */
    .section .reset_vector, "ax"
    .global _reset_vector
_reset_vector:
    j       _start
#endif

    .section .literal._start, "ax"
    .align 4
.Lvector_table:     .long _vector_table
.Lstack_top:        .long _boot_stack_top
.Lbss_start:        .long _bss_start
.Lbss_end:          .long _bss_end
.Lps_running:       .long 0x00040020    /* PS.WOE = 1, PS.UM = 1, INTLEVEL = 0, EXCM = 0 */
.Lfw_main:          .long fw_main
#ifdef BOARD_SIM
.Latomctl:          .long 0x15          /* S32C1I on every memory type (QEMU's sim board faults otherwise) */
#endif

    .section .text._start, "ax"
    .align 4
    .global _start
    .type   _start, @function
_start:
    movi    a3, 0x1F            /* while rewiring the window: EXCM = 1, INTLEVEL = 15, WOE = 0 */
    wsr     a3, ps
    rsync
    movi    a3, 0
    wsr     a3, windowbase      /* a0-a15 now name other physical registers: load everything afterwards */
    rsync
    movi    a0, 0
    movi    a3, 1
    wsr     a3, windowstart
    wsr     a0, intenable
    movi    a3, 1
    wsr     a3, cpenable        /* FPU on: the compiler moves Float values through FP registers */
#ifdef BOARD_SIM
    l32r    a3, .Latomctl
    wsr     a3, atomctl
#endif
#ifdef BOARD_ESP32
    /* Region protection as ESP-IDF sets it: the 512 MB regions at 0x00000000 and 0x80000000 up hold nothing,
     * so data and instruction access there faults (a NULL dereference is LoadProhibited). */
    movi    a2, 15
    movi    a3, 0
    wdtlb   a2, a3
    witlb   a2, a3
    movi    a3, 0x80000000 >> 29
    slli    a3, a3, 29
1:  wdtlb   a2, a3
    witlb   a2, a3
    movi    a4, 1 << 29 >> 20
    slli    a4, a4, 20
    add     a3, a3, a4
    bnez    a3, 1b
    isync
#endif
    l32r    a3, .Lvector_table
    wsr     a3, vecbase
    l32r    a1, .Lstack_top
    /* zero .bss word by word; the linker script aligns both ends to 16 */
    l32r    a3, .Lbss_start
    l32r    a4, .Lbss_end
1:  bgeu    a3, a4, 2f
    s32i    a0, a3, 0
    addi    a3, a3, 4
    j       1b
2:  l32r    a2, .Lps_running
    wsr     a2, ps
    rsync
    l32r    a4, .Lfw_main   /* CALLXn, not CALLn: lx106-ld cannot relocate windowed CALLn instructions */
    callx4  a4
3:  j       3b
    .size   _start, . - _start
