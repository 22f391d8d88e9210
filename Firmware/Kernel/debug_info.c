// SPDX-License-Identifier: MIT
// The record a debugger reads to find the kernel's tasks (esp32emu debug: `info tasks`), as OpenOCD's FreeRTOS
// support reads known symbols. The kernel fills it in when it starts (DebugInfo.swift, which lists the words):
// addresses of its task list and current task, and offsets measured in a real control block, since Swift's
// struct layout is not C's to assume.
#include <stdint.h>

enum { FW_KERNEL_DEBUG_WORDS = 20 };

uint32_t fw_kernel_debug_info[FW_KERNEL_DEBUG_WORDS] __attribute__((used));

uint32_t *fw_kernel_debug_record(void);
uint32_t *fw_kernel_debug_record(void) { return fw_kernel_debug_info; }
