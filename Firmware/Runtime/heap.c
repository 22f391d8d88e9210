// SPDX-License-Identifier: MIT
// The firmware heap over the DRAM the linker script leaves free (_heap_start.._heap_end): an address-ordered
// free list with first fit, splitting and coalescing. Every block carries a tag word, so a free of a pointer
// the heap never handed out, a double free or an overwritten header stops the firmware with a report instead
// of corrupting memory silently.
#include "firmware.h"
#include "spinlock.h"

typedef struct block {
    uint32_t size;          // whole block including this header, multiple of 8
    uint32_t tag;           // TAG_USED or TAG_FREE
    struct block *next;     // free blocks only: next free block at a higher address
} block_t;

enum { HEADER = 8, MIN_BLOCK = 16, TAG_USED = 0xA110C8EDu, TAG_FREE = 0xF4EEB10Cu };

extern uint8_t _heap_start[], _heap_end[];
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
}

size_t fw_heap_free_size(void) { return free_bytes; }
size_t fw_heap_minimum_free_size(void) { return minimum_free_bytes; }

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

static block_t *checked_header(void *payload, const char *caller) {
    block_t *b = (block_t *)((uint8_t *)payload - HEADER);
    if ((uint8_t *)b < _heap_start || (uint8_t *)payload >= _heap_end || ((uintptr_t)payload & 7)) {
        fw_console_puts(caller);
        fw_fatal(": pointer outside the heap");
    }
    if (b->tag != TAG_USED) {
        fw_console_puts(caller);
        fw_fatal(b->tag == TAG_FREE ? ": double free" : ": heap block header corrupted");
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
    block_t *b = checked_header(payload, "realloc");
    size_t have = b->size - HEADER;
    if (bytes <= have) return payload;
    uint8_t *fresh = malloc(bytes);
    if (!fresh) return NULL;
    for (size_t i = 0; i < have; i++) fresh[i] = ((uint8_t *)payload)[i];
    free(payload);
    return fresh;
}
