// SPDX-License-Identifier: MIT
// The sim board cannot restart: a restart ends the run as a failure. Every run is a power-on.
#include "firmware.h"

__attribute__((noreturn)) void fw_board_restart(int reason) {
    (void)reason;
    fw_board_halt(1);
}

int fw_board_reset_reason(void) { return 1; }   // ESP_RST_POWERON
