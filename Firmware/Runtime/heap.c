// SPDX-License-Identifier: MIT
// The firmware heap over the DRAM the linker script leaves free (_heap_start.._heap_end): an address-ordered
// free list with first fit, splitting and coalescing. Blocks tile the heap, and every block carries a tag
// word, so a free of a pointer the heap never handed out, a double free, or a write past the end of a block
// (it overwrites the next block's header) stops the firmware with a report instead of corrupting memory
// silently; heap_caps_check_integrity_all walks every block. ESP-IDF's heap_caps API (esp_heap_caps.h)
// reports on it: one heap of internal, byte-addressable, DMA-capable DRAM.
#include <stdbool.h>
#include <stdio.h>

#include "esp_heap_caps.h"
#include "firmware.h"
#include "spinlock.h"

typedef struct block {
    uint32_t size;          // whole block including this header, multiple of 8
    uint32_t tag;           // TAG_USED or TAG_FREE
    struct block *next;     // free blocks only: next free block at a higher address
} block_t;

enum { HEADER = 8, MIN_BLOCK = 16, TAG_USED = 0xA110C8EDu, TAG_FREE = 0xF4EEB10Cu };

extern uint8_t _heap_start[], _heap_end[];
static uint8_t *heap_base, *heap_limit;   // the tiled range: heap_base is 8-aligned
static block_t *free_list;
static size_t free_bytes, minimum_free_bytes;

static uintptr_t align_up(uintptr_t v, uintptr_t a) { return (v + a - 1) & ~(a - 1); }

void fw_heap_init(void) {
    uintptr_t start = align_up((uintptr_t)_heap_start, 8);
    free_list = (block_t *)start;
    free_list->size = (uint32_t)(((uintptr_t)_heap_end - start) & ~(uintptr_t)7);
    free_list->tag = TAG_FREE;
    free_list->next = NULL;
    free_bytes = minimum_free_bytes = free_list->size;
    heap_base = (uint8_t *)start;
    heap_limit = heap_base + free_list->size;
}

// Carves [offset, offset + size) out of free block *link, keeping what is left on either side free.
static void *take(block_t **link, uint32_t offset, uint32_t size) {
    block_t *b = *link;
    block_t *rest = b->next;
    uint32_t tail = b->size - offset - size;
    if (tail >= MIN_BLOCK) {
        block_t *t = (block_t *)((uint8_t *)b + offset + size);
        t->size = tail;
        t->tag = TAG_FREE;
        t->next = rest;
        rest = t;
    } else {
        size += tail;
    }
    block_t *used = (block_t *)((uint8_t *)b + offset);
    if (offset) {   // offset is 0 or >= MIN_BLOCK: the lead stays a free block in place
        b->size = offset;
        b->next = rest;
        link = &b->next;
    }
    *link = rest;
    used->size = size;
    used->tag = TAG_USED;
    free_bytes -= size;
    if (free_bytes < minimum_free_bytes) minimum_free_bytes = free_bytes;
    return (uint8_t *)used + HEADER;
}

static void *allocate(size_t bytes, size_t alignment) {
    if (bytes > 0x7FFFFFF0u || alignment > 0x10000) return NULL;
    uint32_t size = (uint32_t)align_up(bytes + HEADER, 8);
    if (size < MIN_BLOCK) size = MIN_BLOCK;
    for (block_t **link = &free_list; *link; link = &(*link)->next) {
        uintptr_t base = (uintptr_t)*link;
        uintptr_t payload = align_up(base + HEADER, alignment);
        while (payload - HEADER != base && payload - HEADER - base < MIN_BLOCK) payload += alignment;
        uint32_t offset = (uint32_t)(payload - HEADER - base);
        if ((uint64_t)offset + size <= (*link)->size) return take(link, offset, size);
    }
    return NULL;
}

// One lock for the heap: tasks, the APP CPU and (rarely) interrupt handlers share it.
static fw_spinlock_t heap_lock = FW_SPINLOCK_INIT;

static void *locked_allocate(size_t bytes, size_t alignment) {
    uint32_t ps = fw_spinlock_acquire(&heap_lock);
    void *p = allocate(bytes, alignment);
    fw_spinlock_release(&heap_lock, ps);
    return p;
}

void *malloc(size_t bytes) { return locked_allocate(bytes, 8); }

// For Swift code, which may not call malloc and free by those names (the Swift runtime reserves them).
void *fw_heap_allocate(size_t bytes) { return locked_allocate(bytes, 16); }
void free(void *payload);
void fw_heap_release(void *payload) { free(payload); }

void *calloc(size_t count, size_t each) {
    if (each && count > 0x7FFFFFF0u / each) return NULL;
    uint8_t *p = malloc(count * each);
    if (p) for (size_t i = 0; i < count * each; i++) p[i] = 0;
    return p;
}

int posix_memalign(void **out, size_t alignment, size_t bytes) {
    if (alignment < 8) alignment = 8;
    if (alignment & (alignment - 1)) return 22;  // EINVAL
    void *p = locked_allocate(bytes, alignment);
    if (!p) return 12;                           // ENOMEM
    *out = p;
    return 0;
}

static bool sane_size(const block_t *b) {
    return b->size >= MIN_BLOCK && !(b->size & 7) && b->size <= (uint32_t)(heap_limit - (const uint8_t *)b);
}

// "CORRUPT HEAP: free(0x3ffb5cf0): double free", then the fatal end (ESP-IDF's heap checks start the same way).
static __attribute__((noreturn)) void corrupt_heap(const char *caller, const void *payload, const char *problem) {
    fw_console_puts("\nCORRUPT HEAP: ");
    fw_console_puts(caller);
    fw_console_puts("(");
    fw_console_put_hex((uint32_t)(uintptr_t)payload);
    fw_console_puts("): ");
    fw_console_puts(problem);
    fw_fatal("heap corrupted");
}

static block_t *checked_header(void *payload, const char *caller) {
    block_t *b = (block_t *)((uint8_t *)payload - HEADER);
    if ((uint8_t *)b < heap_base || (uint8_t *)payload >= heap_limit || ((uintptr_t)payload & 7)) {
        corrupt_heap(caller, payload, "pointer outside the heap");
    }
    if (b->tag != TAG_USED || !sane_size(b)) {
        corrupt_heap(caller, payload, b->tag == TAG_FREE ? "double free" : "block header overwritten");
    }
    block_t *after = (block_t *)((uint8_t *)b + b->size);
    if ((uint8_t *)after < heap_limit && after->tag != TAG_USED && after->tag != TAG_FREE) {
        corrupt_heap(caller, payload, "written past its end (the next block's header is overwritten)");
    }
    return b;
}

static void release_block(void *payload);

void free(void *payload) {
    if (!payload) return;
    uint32_t ps = fw_spinlock_acquire(&heap_lock);
    release_block(payload);
    fw_spinlock_release(&heap_lock, ps);
}

static void release_block(void *payload) {
    block_t *b = checked_header(payload, "free");
    b->tag = TAG_FREE;
    free_bytes += b->size;
    block_t **link = &free_list;
    block_t *prev = NULL;
    while (*link && *link < b) {
        prev = *link;
        link = &(*link)->next;
    }
    b->next = *link;
    *link = b;
    if (b->next && (uint8_t *)b + b->size == (uint8_t *)b->next) {   // merge with the following block
        b->size += b->next->size;
        b->next = b->next->next;
    }
    if (prev && (uint8_t *)prev + prev->size == (uint8_t *)b) {      // and with the preceding one
        prev->size += b->size;
        prev->next = b->next;
    }
}

void *realloc(void *payload, size_t bytes) {
    if (!payload) return malloc(bytes);
    if (!bytes) {
        free(payload);
        return NULL;
    }
    uint32_t ps = fw_spinlock_acquire(&heap_lock);
    size_t have = checked_header(payload, "realloc")->size - HEADER;
    fw_spinlock_release(&heap_lock, ps);
    if (bytes <= have) return payload;
    uint8_t *fresh = malloc(bytes);
    if (!fresh) return NULL;
    for (size_t i = 0; i < have; i++) fresh[i] = ((uint8_t *)payload)[i];
    free(payload);
    return fresh;
}

// ---- ESP-IDF's heap_caps API ---------------------------------------------------------------------------------

// What this heap is: every request that asks for other memory (executable, PSRAM, RTC, IRAM) fails.
static bool serves(uint32_t caps) {
    return !(caps & (MALLOC_CAP_EXEC | MALLOC_CAP_SPIRAM | MALLOC_CAP_IRAM_8BIT | MALLOC_CAP_RTCRAM));
}

void *heap_caps_malloc(size_t bytes, uint32_t caps) { return serves(caps) ? malloc(bytes) : NULL; }
void *heap_caps_calloc(size_t count, size_t each, uint32_t caps) { return serves(caps) ? calloc(count, each) : NULL; }
void *heap_caps_realloc(void *payload, size_t bytes, uint32_t caps) {
    return serves(caps) ? realloc(payload, bytes) : NULL;
}
void *heap_caps_aligned_alloc(size_t alignment, size_t bytes, uint32_t caps) {
    void *p = NULL;
    return serves(caps) && posix_memalign(&p, alignment, bytes) == 0 ? p : NULL;
}
void heap_caps_free(void *payload) { free(payload); }
void heap_caps_aligned_free(void *payload) { free(payload); }

void heap_caps_get_info(multi_heap_info_t *info, uint32_t caps) {
    *info = (multi_heap_info_t){0};
    if (!serves(caps)) return;
    uint32_t ps = fw_spinlock_acquire(&heap_lock);
    for (block_t *b = (block_t *)heap_base; (uint8_t *)b < heap_limit && sane_size(b);
         b = (block_t *)((uint8_t *)b + b->size)) {
        info->total_blocks++;
        if (b->tag == TAG_FREE) {
            info->free_blocks++;
            info->total_free_bytes += b->size;
            if (b->size - HEADER > info->largest_free_block) info->largest_free_block = b->size - HEADER;
        } else {
            info->allocated_blocks++;
            info->total_allocated_bytes += b->size;
        }
    }
    info->minimum_free_bytes = minimum_free_bytes;
    fw_spinlock_release(&heap_lock, ps);
}

size_t heap_caps_get_free_size(uint32_t caps) { return serves(caps) ? free_bytes : 0; }
size_t heap_caps_get_minimum_free_size(uint32_t caps) { return serves(caps) ? minimum_free_bytes : 0; }
size_t heap_caps_get_total_size(uint32_t caps) { return serves(caps) ? (size_t)(heap_limit - heap_base) : 0; }

size_t heap_caps_get_largest_free_block(uint32_t caps) {
    multi_heap_info_t info;
    heap_caps_get_info(&info, caps);
    return info.largest_free_block;
}

void heap_caps_print_heap_info(uint32_t caps) {
    multi_heap_info_t info;
    heap_caps_get_info(&info, caps);
    printf("Heap summary for capabilities 0x%08lx:\n", (unsigned long)caps);
    printf("  At 0x%08lx len %lu free %lu allocated %lu min_free %lu\n", (unsigned long)(uintptr_t)heap_base,
           (unsigned long)(heap_limit - heap_base), (unsigned long)info.total_free_bytes,
           (unsigned long)info.total_allocated_bytes, (unsigned long)info.minimum_free_bytes);
    printf("    largest_free_block %lu alloc_blocks %lu free_blocks %lu total_blocks %lu\n",
           (unsigned long)info.largest_free_block, (unsigned long)info.allocated_blocks,
           (unsigned long)info.free_blocks, (unsigned long)info.total_blocks);
}

// Every block has a valid tag and size, the blocks tile the heap exactly, and the free list holds exactly the
// free blocks in address order.
bool heap_caps_check_integrity_all(bool print_errors) {
    uint32_t ps = fw_spinlock_acquire(&heap_lock);
    const char *problem = NULL;
    block_t *b = (block_t *)heap_base, *expected_free = free_list;
    size_t free_seen = 0;
    for (; (uint8_t *)b < heap_limit; b = (block_t *)((uint8_t *)b + b->size)) {
        if ((b->tag != TAG_USED && b->tag != TAG_FREE) || !sane_size(b)) {
            problem = "bad block header";
            break;
        }
        if (b->tag == TAG_FREE) {
            if (b != expected_free) {
                problem = "free list does not match the free blocks";
                break;
            }
            expected_free = b->next;
            free_seen += b->size;
        }
    }
    if (!problem && (uint8_t *)b != heap_limit) problem = "blocks do not end at the heap's end";
    if (!problem && (expected_free || free_seen != free_bytes)) problem = "free list or free count inconsistent";
    fw_spinlock_release(&heap_lock, ps);
    if (problem && print_errors) printf("CORRUPT HEAP: %s at 0x%08lx\n", problem, (unsigned long)(uintptr_t)b);
    return !problem;
}

bool heap_caps_check_integrity(uint32_t caps, bool print_errors) {
    return serves(caps) ? heap_caps_check_integrity_all(print_errors) : true;
}
