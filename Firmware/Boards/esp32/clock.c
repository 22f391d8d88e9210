// SPDX-License-Identifier: MIT
// The platform clock: TIMG1's timer 0 counting microseconds (APB 80 MHz / 80) from boot, 64 bits wide, and
// its alarm, which esp_timer (Platform/HighResolutionTimer.swift) sets for its earliest timer. The time of
// day reads the clock too.
#include "esp_intr_alloc.h"
#include "firmware.h"

#define TIMG1 ((volatile uint32_t *)0x3FF60000)
enum { CONFIG = 0, LO = 1, HI = 2, UPDATE = 3, ALARM_LO = 4, ALARM_HI = 5, INT_ENA = 0x98 / 4, INT_CLR = 0xA4 / 4 };
enum {
    ENABLE = 1u << 31, INCREASE = 1u << 30, DIVIDER_80 = 80u << 13, LEVEL_INTERRUPT = 1u << 11, ALARM_ENABLE = 1u << 10,
    T0_INTERRUPT = 1u << 0, TG1_T0_LEVEL_SOURCE = 18,
};

void fw_board_init(void) { TIMG1[CONFIG] = ENABLE | INCREASE | DIVIDER_80; }

uint64_t fw_time_us(void) {
    TIMG1[UPDATE] = 1;   // latch
    uint32_t low = TIMG1[LO], high = TIMG1[HI];
    return (uint64_t)high << 32 | low;
}

int fw_clock_alarm_attach(void (*handler)(void *)) {
    if (esp_intr_alloc(TG1_T0_LEVEL_SOURCE, ESP_INTR_FLAG_LEVEL1, handler, 0, 0) != ESP_OK) return 0;
    TIMG1[INT_ENA] |= T0_INTERRUPT;
    return 1;
}

// The alarm fires once when the counter reaches `at_us` (at once if that has passed); the hardware then
// clears ALARM_ENABLE.
void fw_clock_alarm_set(uint64_t at_us) {
    TIMG1[ALARM_LO] = (uint32_t)at_us;
    TIMG1[ALARM_HI] = (uint32_t)(at_us >> 32);
    TIMG1[CONFIG] = ENABLE | INCREASE | DIVIDER_80 | LEVEL_INTERRUPT | ALARM_ENABLE;
}

void fw_clock_alarm_cancel(void) { TIMG1[CONFIG] = ENABLE | INCREASE | DIVIDER_80; }

void fw_clock_alarm_acknowledge(void) { TIMG1[INT_CLR] = T0_INTERRUPT; }
