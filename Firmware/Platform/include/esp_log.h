// SPDX-License-Identifier: MIT
// ESP-IDF's logging: ESP_LOGE/W/I/D/V(tag, format, ...) print "I (1234) tag: message" — level letter,
// milliseconds since boot, tag — as ESP-IDF does without colours. Each tag has a level (esp_log_level_set;
// "*" sets the default, INFO, and forgets per-tag settings). Everything up to LOG_LOCAL_LEVEL (VERBOSE
// unless a file defines it lower before including this) is compiled in and filtered at run time.
// Implemented in Platform/esp_log.c.
#pragma once
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    ESP_LOG_NONE,
    ESP_LOG_ERROR,
    ESP_LOG_WARN,
    ESP_LOG_INFO,
    ESP_LOG_DEBUG,
    ESP_LOG_VERBOSE,
} esp_log_level_t;

#ifndef CONFIG_LOG_DEFAULT_LEVEL
#define CONFIG_LOG_DEFAULT_LEVEL ESP_LOG_INFO
#endif
#ifndef LOG_LOCAL_LEVEL
#define LOG_LOCAL_LEVEL ESP_LOG_VERBOSE
#endif

typedef int (*vprintf_like_t)(const char *, va_list);

void esp_log_level_set(const char *tag, esp_log_level_t level);
esp_log_level_t esp_log_level_get(const char *tag);
// Routes log output through `function` (vprintf by default); returns the previous one.
vprintf_like_t esp_log_set_vprintf(vprintf_like_t function);
// Milliseconds since boot.
uint32_t esp_log_timestamp(void);
#define esp_log_early_timestamp esp_log_timestamp
void esp_log_write(esp_log_level_t level, const char *tag, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
void esp_log_writev(esp_log_level_t level, const char *tag, const char *format, va_list arguments);

void esp_log_buffer_hex_internal(const char *tag, const void *buffer, uint16_t length, esp_log_level_t level);
void esp_log_buffer_char_internal(const char *tag, const void *buffer, uint16_t length, esp_log_level_t level);
void esp_log_buffer_hexdump_internal(const char *tag, const void *buffer, uint16_t length, esp_log_level_t level);

#define LOG_FORMAT(letter, format) #letter " (%" PRIu32 ") %s: " format "\n"

#define ESP_LOG_LEVEL(level, tag, format, ...) do {                                                      \
        if ((level) == ESP_LOG_ERROR)                                                                   \
            esp_log_write(ESP_LOG_ERROR, tag, LOG_FORMAT(E, format), esp_log_timestamp(), tag, ##__VA_ARGS__); \
        else if ((level) == ESP_LOG_WARN)                                                               \
            esp_log_write(ESP_LOG_WARN, tag, LOG_FORMAT(W, format), esp_log_timestamp(), tag, ##__VA_ARGS__); \
        else if ((level) == ESP_LOG_DEBUG)                                                              \
            esp_log_write(ESP_LOG_DEBUG, tag, LOG_FORMAT(D, format), esp_log_timestamp(), tag, ##__VA_ARGS__); \
        else if ((level) == ESP_LOG_VERBOSE)                                                            \
            esp_log_write(ESP_LOG_VERBOSE, tag, LOG_FORMAT(V, format), esp_log_timestamp(), tag, ##__VA_ARGS__); \
        else                                                                                            \
            esp_log_write(ESP_LOG_INFO, tag, LOG_FORMAT(I, format), esp_log_timestamp(), tag, ##__VA_ARGS__); \
    } while (0)

#define ESP_LOG_LEVEL_LOCAL(level, tag, format, ...) do {                                                \
        if (LOG_LOCAL_LEVEL >= (level)) ESP_LOG_LEVEL(level, tag, format, ##__VA_ARGS__);               \
    } while (0)

#define ESP_LOGE(tag, format, ...) ESP_LOG_LEVEL_LOCAL(ESP_LOG_ERROR, tag, format, ##__VA_ARGS__)
#define ESP_LOGW(tag, format, ...) ESP_LOG_LEVEL_LOCAL(ESP_LOG_WARN, tag, format, ##__VA_ARGS__)
#define ESP_LOGI(tag, format, ...) ESP_LOG_LEVEL_LOCAL(ESP_LOG_INFO, tag, format, ##__VA_ARGS__)
#define ESP_LOGD(tag, format, ...) ESP_LOG_LEVEL_LOCAL(ESP_LOG_DEBUG, tag, format, ##__VA_ARGS__)
#define ESP_LOGV(tag, format, ...) ESP_LOG_LEVEL_LOCAL(ESP_LOG_VERBOSE, tag, format, ##__VA_ARGS__)
// Early and DRAM logging need no special path here: the console works from the first instruction.
#define ESP_EARLY_LOGE ESP_LOGE
#define ESP_EARLY_LOGW ESP_LOGW
#define ESP_EARLY_LOGI ESP_LOGI
#define ESP_EARLY_LOGD ESP_LOGD
#define ESP_EARLY_LOGV ESP_LOGV
#define ESP_DRAM_LOGE ESP_LOGE
#define ESP_DRAM_LOGW ESP_LOGW
#define ESP_DRAM_LOGI ESP_LOGI
#define ESP_DRAM_LOGD ESP_LOGD
#define ESP_DRAM_LOGV ESP_LOGV

// Buffers, 16 bytes per line: as hex ("de ad be ef"), as characters, or as a hexdump with addresses.
#define ESP_LOG_BUFFER_HEX_LEVEL(tag, buffer, length, level) do {                                        \
        if (LOG_LOCAL_LEVEL >= (level)) esp_log_buffer_hex_internal(tag, buffer, length, level);         \
    } while (0)
#define ESP_LOG_BUFFER_CHAR_LEVEL(tag, buffer, length, level) do {                                       \
        if (LOG_LOCAL_LEVEL >= (level)) esp_log_buffer_char_internal(tag, buffer, length, level);        \
    } while (0)
#define ESP_LOG_BUFFER_HEXDUMP(tag, buffer, length, level) do {                                          \
        if (LOG_LOCAL_LEVEL >= (level)) esp_log_buffer_hexdump_internal(tag, buffer, length, level);     \
    } while (0)
#define ESP_LOG_BUFFER_HEX(tag, buffer, length) ESP_LOG_BUFFER_HEX_LEVEL(tag, buffer, length, ESP_LOG_INFO)
#define ESP_LOG_BUFFER_CHAR(tag, buffer, length) ESP_LOG_BUFFER_CHAR_LEVEL(tag, buffer, length, ESP_LOG_INFO)
