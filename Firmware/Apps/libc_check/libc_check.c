// SPDX-License-Identifier: MIT
// Runs the C library cases (libc_cases.c) on the ESP32 and prints each line as "libc: <line>", then
// "libc: done <count>". LibcFirmwareTests compares the lines with the same cases run on the host.
#include <stdio.h>

#include "libc_cases.h"

static int lines;

static void print_line(const char *line) {
    printf("libc: %s\n", line);
    lines++;
}

void app_main(void) {
    libc_cases_run(print_line);
    printf("libc: done %d\n", lines);
}
