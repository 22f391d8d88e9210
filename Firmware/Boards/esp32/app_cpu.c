// SPDX-License-Identifier: MIT
// Starting the ESP32's second CPU the way ESP-IDF does (cpu_start.c): enable its clock, clear run-stall,
// pulse its reset, then give the boot address, which the ROM's APP CPU code (or the emulator in its place)
// jumps to.
#include "firmware.h"

#define DPORT_APPCPU_CTRL_A ((volatile uint32_t *)0x3FF0002C)   // bit 0: held in reset
#define DPORT_APPCPU_CTRL_B ((volatile uint32_t *)0x3FF00030)   // bit 0: clock enabled
#define DPORT_APPCPU_CTRL_C ((volatile uint32_t *)0x3FF00034)   // bit 0: run-stall
#define DPORT_APPCPU_CTRL_D ((volatile uint32_t *)0x3FF00038)   // boot address

uint8_t fw_app_cpu_stack[8192] __attribute__((aligned(16)));
static void (*volatile app_cpu_entry)(void);

void fw_app_cpu_start(void);

void fw_app_cpu_main(void) {
    app_cpu_entry();
    for (;;) __asm__ volatile("waiti 0");
}

void fw_start_app_cpu(void (*entry)(void)) {
    app_cpu_entry = entry;
    *DPORT_APPCPU_CTRL_B |= 1;
    *DPORT_APPCPU_CTRL_C &= ~1u;
    *DPORT_APPCPU_CTRL_A |= 1;
    *DPORT_APPCPU_CTRL_A &= ~1u;
    *DPORT_APPCPU_CTRL_D = (uint32_t)(uintptr_t)fw_app_cpu_start;
}
