// SPDX-License-Identifier: MIT
// Restarting the chip: a software system reset through RTC_CNTL (OPTIONS0.SW_SYS_RST), as esp_restart does.
#include <stdint.h>

__attribute__((noreturn)) void fw_board_restart(void) {
    *(volatile uint32_t *)0x3FF48000 |= 1u << 31;
    for (;;) __asm__ volatile("waiti 15");
}
