// SPDX-License-Identifier: MIT
// The host side of the C library comparison: runs Firmware/Apps/libc_check/libc_cases.c against the host's
// C library and prints the lines as libc_check does on the ESP32 (see LibcFirmwareTests).
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "libc_cases.h"

static int lines;

static void print_line(const char *line) {
    printf("libc: %s\n", line);
    lines++;
}

int main(void) {
    setenv("TZ", "UTC0", 1);   // the firmware has no time zone: UTC
    tzset();
    libc_cases_run(print_line);
    printf("libc: done %d\n", lines);
    return 0;
}
