// SPDX-License-Identifier: MIT
// ESP-IDF's capability-based heap API over the firmware's one heap of internal DRAM (Runtime/heap.c):
// requests for memory it is not (executable, PSRAM, RTC, IRAM) fail; sizes count whole blocks, headers
// included, so "free size back to where it started" means no leak.
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MALLOC_CAP_EXEC (1u << 0)
#define MALLOC_CAP_32BIT (1u << 1)
#define MALLOC_CAP_8BIT (1u << 2)
#define MALLOC_CAP_DMA (1u << 3)
#define MALLOC_CAP_SPIRAM (1u << 10)
#define MALLOC_CAP_INTERNAL (1u << 11)
#define MALLOC_CAP_DEFAULT (1u << 12)
#define MALLOC_CAP_IRAM_8BIT (1u << 13)
#define MALLOC_CAP_RETENTION (1u << 14)
#define MALLOC_CAP_RTCRAM (1u << 15)
#define MALLOC_CAP_INVALID (1u << 31)

typedef struct {
    size_t total_free_bytes;
    size_t total_allocated_bytes;
    size_t largest_free_block;      // the largest request that can succeed
    size_t minimum_free_bytes;
    size_t allocated_blocks;
    size_t free_blocks;
    size_t total_blocks;
} multi_heap_info_t;

void *heap_caps_malloc(size_t size, uint32_t caps);
void *heap_caps_calloc(size_t count, size_t size, uint32_t caps);
void *heap_caps_realloc(void *pointer, size_t size, uint32_t caps);
void *heap_caps_aligned_alloc(size_t alignment, size_t size, uint32_t caps);
void heap_caps_free(void *pointer);
void heap_caps_aligned_free(void *pointer);

size_t heap_caps_get_free_size(uint32_t caps);
size_t heap_caps_get_minimum_free_size(uint32_t caps);
size_t heap_caps_get_largest_free_block(uint32_t caps);
size_t heap_caps_get_total_size(uint32_t caps);
void heap_caps_get_info(multi_heap_info_t *info, uint32_t caps);
void heap_caps_print_heap_info(uint32_t caps);
bool heap_caps_check_integrity_all(bool print_errors);
bool heap_caps_check_integrity(uint32_t caps, bool print_errors);
