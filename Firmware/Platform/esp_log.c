// SPDX-License-Identifier: MIT
// ESP-IDF-style logging (esp_log.h). C because it is a printf front end: Swift cannot define variadic C
// functions. Lines go through newlib's vprintf (one call per line, so stdout's lock keeps lines whole);
// from an interrupt handler, where that lock cannot be taken, a line is formatted on the stack and written
// to the console directly.
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esp_log.h"
#include "firmware.h"
#include "interrupts.h"
#include "spinlock.h"

typedef struct tag_level {
    struct tag_level *next;
    esp_log_level_t level;
    char tag[];
} tag_level_t;

static tag_level_t *tag_levels;
static esp_log_level_t default_level = CONFIG_LOG_DEFAULT_LEVEL;
static fw_spinlock_t levels_lock = FW_SPINLOCK_INIT;
static vprintf_like_t output = vprintf;

void esp_log_level_set(const char *tag, esp_log_level_t level) {
    if (!tag) return;
    if (strcmp(tag, "*") == 0) {
        uint32_t ps = fw_spinlock_acquire(&levels_lock);
        default_level = level;
        tag_level_t *forgotten = tag_levels;
        tag_levels = NULL;
        fw_spinlock_release(&levels_lock, ps);
        while (forgotten) {   // freed outside the spinlock: free takes the heap's own lock
            tag_level_t *next = forgotten->next;
            free(forgotten);
            forgotten = next;
        }
        return;
    }
    size_t length = strlen(tag);
    tag_level_t *fresh = malloc(sizeof(tag_level_t) + length + 1);
    if (!fresh) return;
    memcpy(fresh->tag, tag, length + 1);
    fresh->level = level;
    uint32_t ps = fw_spinlock_acquire(&levels_lock);
    for (tag_level_t *entry = tag_levels; entry; entry = entry->next) {
        if (strcmp(entry->tag, tag) == 0) {
            entry->level = level;
            fw_spinlock_release(&levels_lock, ps);
            free(fresh);
            return;
        }
    }
    fresh->next = tag_levels;
    tag_levels = fresh;
    fw_spinlock_release(&levels_lock, ps);
}

esp_log_level_t esp_log_level_get(const char *tag) {
    uint32_t ps = fw_spinlock_acquire(&levels_lock);
    esp_log_level_t level = default_level;
    for (tag_level_t *entry = tag_levels; tag && entry; entry = entry->next) {
        if (strcmp(entry->tag, tag) == 0) {
            level = entry->level;
            break;
        }
    }
    fw_spinlock_release(&levels_lock, ps);
    return level;
}

vprintf_like_t esp_log_set_vprintf(vprintf_like_t function) {
    vprintf_like_t previous = output;
    output = function ? function : vprintf;
    return previous;
}

uint32_t esp_log_timestamp(void) { return (uint32_t)(fw_time_us() / 1000); }

void esp_log_writev(esp_log_level_t level, const char *tag, const char *format, va_list arguments) {
    if (level == ESP_LOG_NONE || level > esp_log_level_get(tag)) return;
    if (fw_interrupt_nesting() > 0) {
        char line[160];
        int length = vsnprintf(line, sizeof line, format, arguments);
        if (length >= (int)sizeof line) {   // keep the line ending of a truncated line
            length = sizeof line - 1;
            line[length - 1] = '\n';
        }
        if (length > 0) fw_console_write((const uint8_t *)line, (size_t)length);
        return;
    }
    output(format, arguments);
}

void esp_log_write(esp_log_level_t level, const char *tag, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    esp_log_writev(level, tag, format, arguments);
    va_end(arguments);
}

// ---- Buffers ------------------------------------------------------------------------------------------------

enum { BYTES_PER_LINE = 16 };

void esp_log_buffer_hex_internal(const char *tag, const void *buffer, uint16_t length, esp_log_level_t level) {
    const uint8_t *bytes = buffer;
    char line[3 * BYTES_PER_LINE + 1];
    for (uint16_t offset = 0; offset < length; offset += BYTES_PER_LINE) {
        int count = length - offset < BYTES_PER_LINE ? length - offset : BYTES_PER_LINE;
        for (int i = 0; i < count; i++) snprintf(line + 3 * i, 4, "%02x ", bytes[offset + i]);
        ESP_LOG_LEVEL(level, tag, "%s", line);
    }
}

void esp_log_buffer_char_internal(const char *tag, const void *buffer, uint16_t length, esp_log_level_t level) {
    const uint8_t *bytes = buffer;
    char line[BYTES_PER_LINE + 1];
    for (uint16_t offset = 0; offset < length; offset += BYTES_PER_LINE) {
        int count = length - offset < BYTES_PER_LINE ? length - offset : BYTES_PER_LINE;
        memcpy(line, bytes + offset, (size_t)count);
        line[count] = 0;
        ESP_LOG_LEVEL(level, tag, "%s", line);
    }
}

// "0x3ffb4280   54 68 65 20 71 75 69 63  6b 20 62 72 6f 77 6e 20  |The quick brown |"
void esp_log_buffer_hexdump_internal(const char *tag, const void *buffer, uint16_t length, esp_log_level_t level) {
    const uint8_t *bytes = buffer;
    char line[12 + 2 * 1 + 3 * BYTES_PER_LINE + 3 + BYTES_PER_LINE + 2];
    for (uint16_t offset = 0; offset < length; offset += BYTES_PER_LINE) {
        int count = length - offset < BYTES_PER_LINE ? length - offset : BYTES_PER_LINE;
        char *end = line + sprintf(line, "0x%08lx ", (unsigned long)(uintptr_t)(bytes + offset));
        for (int i = 0; i < BYTES_PER_LINE; i++) {
            if (i % 8 == 0) *end++ = ' ';
            end += i < count ? sprintf(end, " %02x", bytes[offset + i]) : sprintf(end, "   ");
        }
        end += sprintf(end, "  |");
        for (int i = 0; i < count; i++) *end++ = isprint(bytes[offset + i]) ? (char)bytes[offset + i] : '.';
        sprintf(end, "|");
        ESP_LOG_LEVEL(level, tag, "%s", line);
    }
}
