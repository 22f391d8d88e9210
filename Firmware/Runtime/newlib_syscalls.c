// SPDX-License-Identifier: MIT
// The system layer newlib calls (its reentrant _r entry points): the console for stdout and stderr, our heap
// for its allocations, the platform clock for the time of day. There is no file system: opening a file
// fails with ENOENT.
#include <errno.h>
#include <reent.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>

#include "firmware.h"

// Descriptors above 2 are sockets when the network (Firmware/Network/sockets_io.c) is linked; these weak
// defaults stand for "no such descriptor" otherwise.
__attribute__((weak)) int fw_socket_read(int fd, void *buffer, size_t count) {
    (void)fd, (void)buffer, (void)count;
    errno = EBADF;
    return -1;
}
__attribute__((weak)) int fw_socket_write(int fd, const void *buffer, size_t count) {
    (void)fd, (void)buffer, (void)count;
    errno = EBADF;
    return -1;
}
__attribute__((weak)) int fw_socket_close(int fd) {
    (void)fd;
    errno = EBADF;
    return -1;
}

_ssize_t _write_r(struct _reent *r, int fd, const void *buffer, size_t count) {
    if (fd > 2) return fw_socket_write(fd, buffer, count);
    if (fd == 0) {
        r->_errno = EBADF;
        return -1;
    }
    fw_console_write((const uint8_t *)buffer, count);
    return (_ssize_t)count;
}

__attribute__((weak)) void fw_console_wait(void) {}

// Standard input is the console: a read waits for at least one byte (end of file where there is no input).
_ssize_t _read_r(struct _reent *r, int fd, void *buffer, size_t count) {
    if (fd > 2) return fw_socket_read(fd, buffer, count);
    if (fd != 0) {
        r->_errno = EBADF;
        return -1;
    }
    for (;;) {
        int taken = fw_console_read(buffer, count);
        if (taken != 0) return taken < 0 ? 0 : taken;
        fw_console_wait();
    }
}

int _close_r(struct _reent *r, int fd) {
    (void)r;
    return fd > 2 ? fw_socket_close(fd) : 0;
}

_off_t _lseek_r(struct _reent *r, int fd, _off_t offset, int whence) {
    (void)fd;
    (void)offset;
    (void)whence;
    r->_errno = ESPIPE;
    return -1;
}

int _fstat_r(struct _reent *r, int fd, struct stat *status) {
    if (fd > 2) {
        r->_errno = EBADF;
        return -1;
    }
    *status = (struct stat){.st_mode = S_IFCHR};
    return 0;
}

int _isatty_r(struct _reent *r, int fd) {
    (void)r;
    return fd <= 2;
}

int _open_r(struct _reent *r, const char *path, int flags, int mode) {
    (void)path;
    (void)flags;
    (void)mode;
    r->_errno = ENOENT;
    return -1;
}

int _getpid_r(struct _reent *r) {
    (void)r;
    return 1;
}

int _kill_r(struct _reent *r, int pid, int signal) {
    (void)pid;
    (void)signal;
    r->_errno = EINVAL;
    return -1;
}

void _exit(int status) { fw_board_halt(status); }

// The time of day: time since boot plus whatever settimeofday set.
static int64_t epoch_offset_us;

int _gettimeofday_r(struct _reent *r, struct timeval *now, void *zone) {
    (void)r;
    (void)zone;
    if (now) {
        int64_t us = (int64_t)fw_time_us() + epoch_offset_us;
        now->tv_sec = (time_t)(us / 1000000);
        now->tv_usec = (suseconds_t)(us % 1000000);
    }
    return 0;
}

int settimeofday(const struct timeval *now, const struct timezone *zone) {
    (void)zone;
    if (now) epoch_offset_us = (int64_t)now->tv_sec * 1000000 + now->tv_usec - (int64_t)fw_time_us();
    return 0;
}

clock_t _times_r(struct _reent *r, struct tms *buffer) {
    (void)r;
    clock_t ticks = (clock_t)(fw_time_us() / (1000000 / CLOCKS_PER_SEC));
    if (buffer) *buffer = (struct tms){.tms_utime = ticks};
    return ticks;
}

// newlib's own allocations go to our heap.
void *_malloc_r(struct _reent *r, size_t size) {
    (void)r;
    return malloc(size);
}

void _free_r(struct _reent *r, void *pointer) {
    (void)r;
    free(pointer);
}

void *_calloc_r(struct _reent *r, size_t count, size_t size) {
    (void)r;
    return calloc(count, size);
}

void *_realloc_r(struct _reent *r, void *pointer, size_t size) {
    (void)r;
    return realloc(pointer, size);
}

// The POSIX calls themselves (newlib's syscalls directory, which would wrap these, is not built).
int close(int fd) { return _close_r(_REENT, fd); }
_ssize_t read(int fd, void *buffer, size_t count) { return _read_r(_REENT, fd, buffer, count); }
_ssize_t write(int fd, const void *buffer, size_t count) { return _write_r(_REENT, fd, buffer, count); }
