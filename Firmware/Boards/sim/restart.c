// SPDX-License-Identifier: MIT
// The sim board cannot restart: a panic that asks for a restart ends the run with status 1 instead.
__attribute__((noreturn)) void fw_board_halt(int status);

__attribute__((noreturn)) void fw_board_restart(void) { fw_board_halt(1); }
