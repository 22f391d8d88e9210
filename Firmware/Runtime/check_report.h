// SPDX-License-Identifier: MIT
// The line a self-checking firmware app prints per check, which the firmware tests match:
// "<app>: <check> ok|FAILED <details>" (FW_APP_NAME is the app's name, set by the Makefile).
#pragma once
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

__attribute__((format(printf, 3, 4))) static inline void report(const char *check, bool ok, const char *format, ...) {
    char details[112];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(details, sizeof details, format, arguments);
    va_end(arguments);
    printf("%s: %s %s %s\n", FW_APP_NAME, check, ok ? "ok" : "FAILED", details);
}
