/* SPDX-License-Identifier: MIT */
/* fw_app_cpu_start: where the APP CPU begins once fw_start_app_cpu releases it (the boot address in DPORT
 * APPCPU_CTRL_D). It arrives as the ROM would send it: windowed calls enabled, on the ROM's stack. It moves to
 * its own stack and the firmware's vector table, turns the FPU on and calls fw_app_cpu_main, which does not
 * return. */
    .section .iram.literal.fw_app_cpu_start, "ax"
    .align 4
.Lstack_top:    .long fw_app_cpu_stack + 8192
.Lvectors:      .long _vector_table
.Lps:           .long 0x00040020        /* PS.WOE = 1, PS.UM = 1, INTLEVEL = 0 */
.Lmain:         .long fw_app_cpu_main

    .section .iram.text.fw_app_cpu_start, "ax"
    .align 4
    .global fw_app_cpu_start
    .type   fw_app_cpu_start, @function
fw_app_cpu_start:
    movi    a0, 0
    l32r    a1, .Lstack_top
    l32r    a2, .Lvectors
    wsr     a2, vecbase
    movi    a2, 1
    wsr     a2, cpenable
    l32r    a2, .Lps
    wsr     a2, ps
    rsync
    l32r    a4, .Lmain
    callx4  a4
1:  waiti   0
    j       1b
    .size   fw_app_cpu_start, . - fw_app_cpu_start
