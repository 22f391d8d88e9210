// SPDX-License-Identifier: MIT
// The sim board has no timer peripheral: time is CCOUNT at 240 cycles per microsecond (32 bits, so it wraps
// after about 18 seconds).
#include "firmware.h"

void fw_board_init(void) {}

uint64_t fw_time_us(void) {
    uint32_t cycles;
    __asm__ volatile("rsr %0, ccount" : "=r"(cycles));
    return cycles / 240;
}
