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

int fcntl(int fd, int command, ...) {
    va_list arguments;
    va_start(arguments, command);
    int value = va_arg(arguments, int);
    va_end(arguments);
    if (fd >= LWIP_SOCKET_OFFSET) return lwip_fcntl(fd, command, value);
    if (fd >= 0 && command == F_GETFL) return O_RDWR;   // the console
    errno = fd >= 0 ? ENOSYS : EBADF;
    return -1;
}
