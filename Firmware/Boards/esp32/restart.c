// SPDX-License-Identifier: MIT
// Restarting the chip: a software system reset through RTC_CNTL (OPTIONS0.SW_SYS_RST), as esp_restart does,
// and why the chip last started: RTC_CNTL's reset cause, refined by a hint the restarting firmware leaves in
// a scratch register that survives resets (STORE6), since the hardware sees every software reset alike.
#include <stdint.h>

#define RTC_CNTL(offset) (*(volatile uint32_t *)(0x3FF48000u + (offset)))
enum { OPTIONS0 = 0x00, RESET_STATE = 0x34, STORE6 = 0xB8, SW_SYS_RST = 1u << 31 };
enum { HINT_MARK = 0x5E7A0000u, HINT_MASK = 0xFFFF0000u };

// esp_reset_reason_t values.
enum { UNKNOWN = 0, POWERON = 1, SOFTWARE = 3, TASK_WDT = 6, INT_WDT = 5, WDT = 7, DEEPSLEEP = 8, BROWNOUT = 9 };

__attribute__((noreturn)) void fw_board_restart(int reason) {
    RTC_CNTL(STORE6) = HINT_MARK | (uint32_t)reason;
    RTC_CNTL(OPTIONS0) |= SW_SYS_RST;
    for (;;) __asm__ volatile("waiti 15");
}

int fw_board_reset_reason(void) {
    uint32_t hint = RTC_CNTL(STORE6);
    int hinted = (hint & HINT_MASK) == HINT_MARK ? (int)(hint & 0xFF) : SOFTWARE;
    switch (RTC_CNTL(RESET_STATE) & 0x3F) {   // the PRO CPU's cause (RESET_REASON_* in ESP-IDF)
    case 1: return POWERON;
    case 3: case 12: return hinted;            // software system / CPU reset
    case 5: return DEEPSLEEP;
    case 7: case 11: return TASK_WDT;          // timer group 0 watchdog (system / CPU)
    case 8: return INT_WDT;                    // timer group 1 watchdog
    case 9: case 13: case 16: return WDT;      // RTC watchdog
    case 15: return BROWNOUT;
    default: return UNKNOWN;
    }
}
