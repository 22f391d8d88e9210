// SPDX-License-Identifier: MIT
// Socket descriptors through the POSIX calls that are not socket calls: newlib's read/write/close ask here
// for descriptors from LWIP_SOCKET_OFFSET (3) up (Runtime/newlib_syscalls.c), and fcntl — which newlib does
// not provide — goes to lwIP for sockets, so that ESP-IDF-style code sets O_NONBLOCK and closes sockets as
// it would there.
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>

#include "lwip/sockets.h"

int fw_socket_read(int fd, void *buffer, size_t count) { return lwip_read(fd, buffer, count); }
int fw_socket_write(int fd, const void *buffer, size_t count) { return lwip_write(fd, buffer, count); }
int fw_socket_close(int fd) { return lwip_close(fd); }

// newlib's <fcntl.h> numbers O_NONBLOCK 0x4000, lwIP (built without it) 1: the flag is translated both ways.
enum { LWIP_O_NONBLOCK = 1 };

static int socket_fcntl(int fd, int command, int value) {
    if (command == F_SETFL) value = (value & ~O_NONBLOCK) | (value & O_NONBLOCK ? LWIP_O_NONBLOCK : 0);
    int result = lwip_fcntl(fd, command, value);
    if (command == F_GETFL && result >= 0) {
        result = (result & ~LWIP_O_NONBLOCK) | (result & LWIP_O_NONBLOCK ? O_NONBLOCK : 0);
    }
    return result;
}

int fcntl(int fd, int command, ...) {
    va_list arguments;
    va_start(arguments, command);
    int value = va_arg(arguments, int);
    va_end(arguments);
    if (fd >= LWIP_SOCKET_OFFSET) return socket_fcntl(fd, command, value);
    if (fd >= 0 && command == F_GETFL) return O_RDWR;   // the console
    errno = fd >= 0 ? ENOSYS : EBADF;
    return -1;
}
