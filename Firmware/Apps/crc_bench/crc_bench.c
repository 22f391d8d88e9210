// SPDX-License-Identifier: MIT
// CPU benchmark: CRC-32 (bitwise, reflected polynomial 0xEDB88320) over a 4 KiB buffer, ROUNDS times
// (≈ 10 Xtensa instructions per byte). Prints the final CRC so every emulator can be checked for the same
// answer; Tools/benchmark times it on QEMU and on esp32emu.
#include "firmware.h"

#ifndef ROUNDS
#define ROUNDS 4000
#endif

static uint8_t buffer[4096];

static uint32_t crc32_update(uint32_t crc, const uint8_t *data, size_t length) {
    for (size_t i = 0; i < length; i++) {
        crc ^= data[i];
        for (int bit = 0; bit < 8; bit++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    return crc;
}

void app_main(void) {
    for (size_t i = 0; i < sizeof buffer; i++) buffer[i] = (uint8_t)(i * 7 + 3);
    uint32_t crc = 0xFFFFFFFFu;
    for (int round = 0; round < ROUNDS; round++) crc = crc32_update(crc, buffer, sizeof buffer);
    fw_console_puts("crc32 ");
    fw_console_put_hex(~crc);
    fw_console_puts("\n");
}
