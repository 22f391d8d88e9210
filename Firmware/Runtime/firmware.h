// SPDX-License-Identifier: MIT
// The C side of our firmware platform: what the board layer and the runtime provide to each other.
// Every Swift<->C boundary passes pointers and scalars only (see docs/FIRMWARE.md, "ABI").
#pragma once
#include <stddef.h>
#include <stdint.h>

// Board console (UART0 on the ESP32, semihosting on the sim board). Blocks until the bytes are queued.
void fw_console_write(const uint8_t *bytes, size_t count);
// Takes up to `count` bytes of console input: how many arrived (0: none yet; -1: the console has no input).
int fw_console_read(uint8_t *bytes, size_t count);
// Waits a little for console input (under the kernel: a tick, letting other tasks run; otherwise: at once).
void fw_console_wait(void);
void fw_console_puts(const char *text);
void fw_console_put_hex(uint32_t value);

// Stops the firmware after reporting `reason` on the console. The sim board exits with status 1.
__attribute__((noreturn)) void fw_fatal(const char *reason);
// What a panic does after its report: halt (the default) or restart the chip (fw_panic_set_restart(1)).
void fw_panic_set_restart(int restart);
__attribute__((noreturn)) void fw_panic_end(void);
// Board-specific end of execution: the sim board exits through semihosting, the ESP32 waits forever.
__attribute__((noreturn)) void fw_board_halt(int status);
// Restarts the chip; `reason` (an esp_reset_reason_t) is what fw_board_reset_reason reports after a software
// reset. The sim board ends the run with status 1 instead.
__attribute__((noreturn)) void fw_board_restart(int reason);
int fw_board_reset_reason(void);

// Board set-up before anything else runs (clocks), and the time since then in microseconds.
void fw_board_init(void);
uint64_t fw_time_us(void);
// ESP32 board: the clock's alarm. `handler` runs (level-1 interrupt) once the clock reaches the time set.
int fw_clock_alarm_attach(void (*handler)(void *));
void fw_clock_alarm_set(uint64_t at_us);
void fw_clock_alarm_cancel(void);
void fw_clock_alarm_acknowledge(void);

// The application's entry point, as in ESP-IDF.
void app_main(void);

// ESP32 board: starts the APP CPU running `entry` (on its own 8 KB stack, with the firmware's vectors).
void fw_start_app_cpu(void (*entry)(void));
