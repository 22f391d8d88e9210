// SPDX-License-Identifier: MIT
// The platform clock: TIMG1's timer 0 counting microseconds (APB 80 MHz / 80) from boot, 64 bits wide.
// esp_timer and the time of day read it.
#include "firmware.h"

#define TIMG1 ((volatile uint32_t *)0x3FF60000)
enum { CONFIG = 0, LO = 1, HI = 2, UPDATE = 3 };

void fw_board_init(void) {
    TIMG1[CONFIG] = 1u << 31 | 1u << 30 | 80u << 13;   // enabled, counting up, divider 80: 1 µs ticks
}

uint64_t fw_time_us(void) {
    TIMG1[UPDATE] = 1;   // latch
    uint32_t low = TIMG1[LO], high = TIMG1[HI];
    return (uint64_t)high << 32 | low;
}
