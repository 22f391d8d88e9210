// SPDX-License-Identifier: MIT
// The POSIX header ESP-IDF code includes, answered by lwIP.
#pragma once
#include "lwip/inet.h"
