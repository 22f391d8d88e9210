// SPDX-License-Identifier: MIT
// ESP-IDF code includes "freertos/task.h"; everything is declared in FreeRTOS.h.
#pragma once
#include "FreeRTOS.h"
