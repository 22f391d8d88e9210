// SPDX-License-Identifier: MIT
// ESP-IDF's network-interface API in the shape example code uses it, over lwIP and the emulated Ethernet
// (Network/esp_netif.c). The interface is the "station": its link is the Ethernet cable, its address comes by
// DHCP, and it reports through the default event loop as a Wi-Fi station would (esp_wifi.h), then
// IP_EVENT_STA_GOT_IP.
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "esp_err.h"
#include "esp_event.h"

typedef struct esp_netif_obj esp_netif_t;

typedef struct {
    uint32_t addr;   // network byte order, as lwIP keeps it
} esp_ip4_addr_t;

typedef struct {
    esp_ip4_addr_t ip;
    esp_ip4_addr_t netmask;
    esp_ip4_addr_t gw;
} esp_netif_ip_info_t;

#define IP2STR(ipaddr) ((uint8_t)((ipaddr)->addr)), ((uint8_t)((ipaddr)->addr >> 8)), \
                       ((uint8_t)((ipaddr)->addr >> 16)), ((uint8_t)((ipaddr)->addr >> 24))
#define IPSTR "%d.%d.%d.%d"

ESP_EVENT_DECLARE_BASE(IP_EVENT);

typedef enum {
    IP_EVENT_STA_GOT_IP,
    IP_EVENT_STA_LOST_IP,
} ip_event_t;

typedef struct {
    esp_netif_t *esp_netif;
    esp_netif_ip_info_t ip_info;
    bool ip_changed;
} ip_event_got_ip_t;

// Starts lwIP's tcpip thread (once; later calls do nothing).
esp_err_t esp_netif_init(void);
// The station interface, created on first use (its key is "WIFI_STA_DEF", as in ESP-IDF).
esp_netif_t *esp_netif_create_default_wifi_sta(void);
esp_netif_t *esp_netif_get_handle_from_ifkey(const char *key);
esp_err_t esp_netif_get_ip_info(esp_netif_t *netif, esp_netif_ip_info_t *info);
bool esp_netif_is_netif_up(esp_netif_t *netif);
const char *esp_netif_get_desc(esp_netif_t *netif);
