// SPDX-License-Identifier: MIT
// The printf-formatting side of esp_err.h (names themselves: ErrorNames.swift): esp_err_to_name_r and the
// report of a failed ESP_ERROR_CHECK, in ESP-IDF's wording.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esp_err.h"

const char *esp_err_to_name_r(esp_err_t code, char *buffer, size_t length) {
    if (!buffer || !length) return buffer;
    const char *name = esp_err_to_name(code);
    if (strcmp(name, "UNKNOWN ERROR") != 0) {
        snprintf(buffer, length, "%s", name);
    } else if (code > 0 && code < 0x100) {   // an errno value
        snprintf(buffer, length, "%s", strerror(code));
    } else {
        snprintf(buffer, length, "Unknown error 0x%x(%d)", (unsigned)code, code);
    }
    return buffer;
}

static void report(const char *macro, esp_err_t code, const char *file, int line, const char *function,
                   const char *expression, void *caller) {
    printf("%s failed: esp_err_t 0x%x (%s) at %p\nfile: \"%s\" line %d\nfunc: %s\nexpression: %s\n", macro,
           (unsigned)code, esp_err_to_name(code), caller, file, line, function, expression);
    fflush(stdout);
}

void _esp_error_check_failed(esp_err_t code, const char *file, int line, const char *function,
                             const char *expression) {
    report("ESP_ERROR_CHECK", code, file, line, function, expression, __builtin_return_address(0));
    abort();
}

void _esp_error_check_failed_without_abort(esp_err_t code, const char *file, int line, const char *function,
                                           const char *expression) {
    report("ESP_ERROR_CHECK_WITHOUT_ABORT", code, file, line, function, expression, __builtin_return_address(0));
}
