// SPDX-License-Identifier: MIT
// ESP-IDF code includes "freertos/queue.h"; everything is declared in FreeRTOS.h.
#pragma once
#include "FreeRTOS.h"
