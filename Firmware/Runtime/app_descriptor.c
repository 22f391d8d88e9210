// SPDX-License-Identifier: MIT
// The application descriptor ESP-IDF places at the start of the first flash-mapped rodata segment.
// esptool's image-info and the ESP-IDF bootloader read it; the layout is esp_app_desc_t (256 bytes).
#include <stdint.h>

#ifndef FW_APP_NAME
#error "the build passes -DFW_APP_NAME=\"name\""
#endif

typedef struct {
    uint32_t magic_word;
    uint32_t secure_version;
    uint32_t reserved1[2];
    char version[32];
    char project_name[32];
    char time[16];              // left empty: builds stay reproducible
    char date[16];
    char idf_ver[32];
    uint8_t app_elf_sha256[32];
    uint16_t min_efuse_blk_rev_full;
    uint16_t max_efuse_blk_rev_full;
    uint8_t mmu_page_size;      // log2 of the flash MMU page: 64 KB
    uint8_t reserved3[3];
    uint32_t reserved2[18];
} esp_app_desc_t;

_Static_assert(sizeof(esp_app_desc_t) == 256, "esp_app_desc_t is 256 bytes");

__attribute__((section(".rodata_desc"), used)) const esp_app_desc_t esp_app_desc = {
    .magic_word = 0xABCD5432u,
    .version = "1.0",
    .project_name = FW_APP_NAME,
    .idf_ver = "esp32emu-firmware",
    .max_efuse_blk_rev_full = 0xFFFF,
    .mmu_page_size = 16,
};
