// SPDX-License-Identifier: MIT
// The heap under load: four tasks at once make 100 000 random malloc/free/realloc calls between them, each
// block filled with a pattern that is checked before it is freed or after it is moved; then the free size
// must be back where it started, the heap intact, and the heap_caps API must tell the truth. Prints
// "heap_stress: <check> ok|FAILED <details>" per check and "heap_stress: done".
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_report.h"
#include "esp_heap_caps.h"
#include "esp_system.h"
#include "freertos/FreeRTOS.h"
#include "freertos/event_groups.h"
#include "freertos/task.h"

enum { TASKS = 4, OPERATIONS_PER_TASK = 25000, SLOTS = 32 };

typedef struct {
    int index;
    uint32_t random;
    uint32_t errors, out_of_memory, reallocs, frees, mallocs;
} worker_t;

static EventGroupHandle_t finished;

static uint32_t next_random(uint32_t *state) {   // xorshift32
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static uint8_t pattern_byte(uint32_t seed, size_t i) { return (uint8_t)(seed + i * 7 + (i >> 8)); }

static void fill(uint8_t *block, size_t size, uint32_t seed) {
    for (size_t i = 0; i < size; i++) block[i] = pattern_byte(seed, i);
}

static int intact(const uint8_t *block, size_t size, uint32_t seed) {
    for (size_t i = 0; i < size; i++) {
        if (block[i] != pattern_byte(seed, i)) return 0;
    }
    return 1;
}

static size_t random_size(uint32_t *state) {
    uint32_t r = next_random(state);
    return (r & 15) == 0 ? 1 + (r >> 8) % 2048 : 1 + (r >> 8) % 256;   // mostly small, sometimes larger
}

static void worker(void *argument) {
    worker_t *w = argument;
    uint8_t *blocks[SLOTS] = {0};
    size_t sizes[SLOTS] = {0};
    uint32_t seeds[SLOTS] = {0};
    for (int op = 0; op < OPERATIONS_PER_TASK; op++) {
        int slot = (int)(next_random(&w->random) % SLOTS);
        if (!blocks[slot]) {
            size_t size = random_size(&w->random);
            uint8_t *block = malloc(size);
            if (!block) {
                w->out_of_memory++;
                continue;
            }
            seeds[slot] = next_random(&w->random);
            fill(block, size, seeds[slot]);
            blocks[slot] = block;
            sizes[slot] = size;
            w->mallocs++;
        } else if (next_random(&w->random) & 1) {
            if (!intact(blocks[slot], sizes[slot], seeds[slot])) w->errors++;
            free(blocks[slot]);
            blocks[slot] = NULL;
            w->frees++;
        } else {
            size_t size = random_size(&w->random);
            uint8_t *moved = realloc(blocks[slot], size);
            if (!moved) {
                w->out_of_memory++;
                continue;
            }
            size_t kept = size < sizes[slot] ? size : sizes[slot];
            if (!intact(moved, kept, seeds[slot])) w->errors++;
            seeds[slot] = next_random(&w->random);
            fill(moved, size, seeds[slot]);
            blocks[slot] = moved;
            sizes[slot] = size;
            w->reallocs++;
        }
        if (op % 97 == 0) taskYIELD();   // interleave with the other workers beyond the tick's time slices
    }
    for (int slot = 0; slot < SLOTS; slot++) {
        if (blocks[slot] && !intact(blocks[slot], sizes[slot], seeds[slot])) w->errors++;
        free(blocks[slot]);
    }
    xEventGroupSetBits(finished, 1u << w->index);
}

static void check_stress(void) {
    static worker_t workers[TASKS];
    finished = xEventGroupCreate();
    size_t before = heap_caps_get_free_size(MALLOC_CAP_DEFAULT);
    for (int i = 0; i < TASKS; i++) {
        workers[i] = (worker_t){.index = i, .random = 0x9E3779B9u * (uint32_t)(i + 1)};
        xTaskCreate(worker, "worker", 3072, &workers[i], 5, NULL);
    }
    xEventGroupWaitBits(finished, (1u << TASKS) - 1, pdTRUE, pdTRUE, portMAX_DELAY);
    vTaskDelay(5);   // the idle task frees the finished workers' stacks
    uint32_t operations = 0, errors = 0;
    for (int i = 0; i < TASKS; i++) {
        operations += workers[i].mallocs + workers[i].frees + workers[i].reallocs + workers[i].out_of_memory;
        errors += workers[i].errors;
        printf("heap_stress: worker %d malloc %lu free %lu realloc %lu out-of-memory %lu\n", i,
               (unsigned long)workers[i].mallocs, (unsigned long)workers[i].frees, (unsigned long)workers[i].reallocs,
               (unsigned long)workers[i].out_of_memory);
    }
    report("contents", errors == 0, "operations %lu damaged blocks %lu", (unsigned long)operations, (unsigned long)errors);
    size_t after = heap_caps_get_free_size(MALLOC_CAP_DEFAULT);
    report("free-size-restored", after == before, "before %u after %u", before, after);
    size_t minimum = heap_caps_get_minimum_free_size(MALLOC_CAP_DEFAULT);
    report("minimum-free-recorded", minimum < before && minimum > 0, "minimum %u of %u", minimum,
           heap_caps_get_total_size(MALLOC_CAP_DEFAULT));
    report("integrity", heap_caps_check_integrity_all(true), "");
    vEventGroupDelete(finished);
}

static void check_api(void) {
    uint8_t *zeroed = calloc(100, 3);
    int all_zero = zeroed != NULL;
    for (int i = 0; zeroed && i < 300; i++) all_zero &= zeroed[i] == 0;
    free(zeroed);
    report("calloc-zeroes", all_zero, "");
    report("calloc-overflow-fails", calloc(0x10000, 0x10001) == NULL, "");
    report("huge-malloc-fails", malloc(0x7FFFFFFF) == NULL && malloc(SIZE_MAX) == NULL, "");

    int aligned = 1;
    for (size_t alignment = 8; alignment <= 4096; alignment *= 2) {
        void *p = NULL;
        aligned &= posix_memalign(&p, alignment, 24) == 0 && ((uintptr_t)p & (alignment - 1)) == 0;
        free(p);
    }
    void *unused = NULL;
    report("posix-memalign", aligned && posix_memalign(&unused, 24, 8) == EINVAL, "");

    report("caps", heap_caps_malloc(16, MALLOC_CAP_SPIRAM) == NULL && heap_caps_malloc(16, MALLOC_CAP_EXEC) == NULL &&
                       heap_caps_get_free_size(MALLOC_CAP_SPIRAM) == 0, "");
    size_t free_now = heap_caps_get_free_size(MALLOC_CAP_8BIT | MALLOC_CAP_INTERNAL);
    size_t largest = heap_caps_get_largest_free_block(MALLOC_CAP_DEFAULT);
    void *big = heap_caps_malloc(largest, MALLOC_CAP_8BIT);
    void *bigger = big ? NULL : (void *)1;
    if (big) {
        void *second = malloc(largest);   // the largest block is gone: this can only fit elsewhere if it existed
        bigger = second;
        free(second);
    }
    heap_caps_free(big);
    report("largest-free-block", big != NULL && bigger == NULL && largest <= free_now, "largest %u free %u", largest, free_now);
    multi_heap_info_t info;
    heap_caps_get_info(&info, MALLOC_CAP_DEFAULT);
    report("info", info.total_free_bytes == heap_caps_get_free_size(MALLOC_CAP_DEFAULT) &&
                       info.total_blocks == info.free_blocks + info.allocated_blocks && info.allocated_blocks > 0,
           "blocks %u free %u", info.total_blocks, info.free_blocks);
    report("esp-get-free-heap-size", esp_get_free_heap_size() == heap_caps_get_free_size(MALLOC_CAP_DEFAULT) &&
                                         esp_get_minimum_free_heap_size() <= esp_get_free_heap_size(),
           "free %lu minimum %lu", (unsigned long)esp_get_free_heap_size(),
           (unsigned long)esp_get_minimum_free_heap_size());

    uint8_t *grown = malloc(10);
    memcpy(grown, "0123456789", 10);
    grown = realloc(grown, 5000);
    int kept = grown && memcmp(grown, "0123456789", 10) == 0;
    grown = realloc(grown, 3);
    kept &= grown && memcmp(grown, "012", 3) == 0;
    report("realloc-keeps-contents", kept && realloc(grown, 0) == NULL, "");
}

void app_main(void) {
    printf("heap_stress: start\n");   // stdio's buffer and lock exist before the first measurement
    check_stress();
    check_api();
    printf("heap_stress: done\n");
}
