// SPDX-License-Identifier: MIT
// Which ESP32 CPU interrupts have which level (Xtensa LX6 as configured for the ESP32: xtensa_isa.md §1.3).
#include <stdint.h>

const uint32_t fw_interrupt_level_masks[4] = {0, 0x000637FF, 0x00380000, 0x28C08800};
