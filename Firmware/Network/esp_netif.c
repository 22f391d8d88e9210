// SPDX-License-Identifier: MIT
// The station interface (esp_netif.h, esp_wifi.h, protocol_examples_common.h): lwIP's tcpip thread, one
// netif on the OpenCores MAC, DHCP, and a link monitor that turns the PHY's link state into ESP-IDF's
// station events on the default event loop — STA_START once, STA_CONNECTED / STA_DISCONNECTED with the
// cable, IP_EVENT_STA_GOT_IP when DHCP binds an address and IP_EVENT_STA_LOST_IP when the link drops it.
#include <string.h>

#include "esp_log.h"
#include "esp_netif.h"
#include "esp_wifi.h"
#include "freertos/FreeRTOS.h"
#include "freertos/event_groups.h"
#include "freertos/semphr.h"
#include "freertos/task.h"
#include "lwip/dhcp.h"
#include "lwip/netif.h"
#include "lwip/tcpip.h"
#include "openeth.h"
#include "protocol_examples_common.h"

ESP_EVENT_DEFINE_BASE(IP_EVENT);
ESP_EVENT_DEFINE_BASE(WIFI_EVENT);

struct esp_netif_obj {
    struct netif lwip;
    const char *key;
    const char *description;
    bool has_address;
};

enum { GOT_IP = 1 << 0, LINK_POLL_MS = 100 };
static const char *TAG = "esp_netif";
static const char SSID[] = "esp32emu-ethernet";

static esp_netif_t station = {.key = "WIFI_STA_DEF", .description = "sta"};
static portMUX_TYPE start_lock = portMUX_INITIALIZER_UNLOCKED;
static bool tcpip_started, station_started;
static EventGroupHandle_t state;

static void tcpip_ready(void *done) { xSemaphoreGive((SemaphoreHandle_t)done); }

esp_err_t esp_netif_init(void) {
    portENTER_CRITICAL(&start_lock);
    bool first = !tcpip_started;
    tcpip_started = true;
    portEXIT_CRITICAL(&start_lock);
    if (!first) return ESP_OK;
    SemaphoreHandle_t done = xSemaphoreCreateBinary();
    if (!done) return ESP_ERR_NO_MEM;
    tcpip_init(tcpip_ready, done);
    xSemaphoreTake(done, portMAX_DELAY);
    vSemaphoreDelete(done);
    state = xEventGroupCreate();
    return state ? ESP_OK : ESP_ERR_NO_MEM;
}

static esp_netif_ip_info_t address_of(const struct netif *netif) {
    return (esp_netif_ip_info_t){
        .ip = {ip4_addr_get_u32(netif_ip4_addr(netif))},
        .netmask = {ip4_addr_get_u32(netif_ip4_netmask(netif))},
        .gw = {ip4_addr_get_u32(netif_ip4_gw(netif))},
    };
}

// Called by lwIP (tcpip thread) when the interface's address or state changes.
static void status_changed(struct netif *netif) {
    bool has_address = !ip4_addr_isany_val(*netif_ip4_addr(netif));
    if (has_address == station.has_address) return;
    station.has_address = has_address;
    if (!has_address) {
        xEventGroupClearBits(state, GOT_IP);
        esp_event_post(IP_EVENT, IP_EVENT_STA_LOST_IP, NULL, 0, 0);
        return;
    }
    ip_event_got_ip_t event = {.esp_netif = &station, .ip_info = address_of(netif), .ip_changed = true};
    ESP_LOGI("esp_netif_handlers", "%s ip: " IPSTR ", mask: " IPSTR ", gw: " IPSTR, station.description,
             IP2STR(&event.ip_info.ip), IP2STR(&event.ip_info.netmask), IP2STR(&event.ip_info.gw));
    esp_event_post(IP_EVENT, IP_EVENT_STA_GOT_IP, &event, sizeof event, 0);
    xEventGroupSetBits(state, GOT_IP);
}

static void link_came_up(void) {
    wifi_event_sta_connected_t connected = {.ssid_len = sizeof SSID - 1, .channel = 1};
    memcpy(connected.ssid, SSID, sizeof SSID - 1);
    esp_event_post(WIFI_EVENT, WIFI_EVENT_STA_CONNECTED, &connected, sizeof connected, portMAX_DELAY);
    LOCK_TCPIP_CORE();
    netif_set_link_up(&station.lwip);
    dhcp_start(&station.lwip);
    UNLOCK_TCPIP_CORE();
}

static void link_went_down(void) {
    wifi_event_sta_disconnected_t disconnected = {.ssid_len = sizeof SSID - 1, .reason = WIFI_REASON_BEACON_TIMEOUT};
    memcpy(disconnected.ssid, SSID, sizeof SSID - 1);
    esp_event_post(WIFI_EVENT, WIFI_EVENT_STA_DISCONNECTED, &disconnected, sizeof disconnected, portMAX_DELAY);
    LOCK_TCPIP_CORE();
    dhcp_release_and_stop(&station.lwip);   // the address goes: connections on it end, GOT_IP comes again
    netif_set_link_down(&station.lwip);
    UNLOCK_TCPIP_CORE();
}

// Polls the PHY as ESP-IDF's Ethernet driver does and reports each change of the link.
static void link_monitor(void *arg) {
    (void)arg;
    bool up = false;
    for (;;) {
        bool now = fw_openeth_link_is_up();
        if (now && !up) link_came_up();
        if (!now && up) link_went_down();
        up = now;
        vTaskDelay(pdMS_TO_TICKS(LINK_POLL_MS));
    }
}

esp_netif_t *esp_netif_create_default_wifi_sta(void) {
    if (esp_netif_init() != ESP_OK) return NULL;
    portENTER_CRITICAL(&start_lock);
    bool first = !station_started;
    station_started = true;
    portEXIT_CRITICAL(&start_lock);
    if (!first) return &station;
    LOCK_TCPIP_CORE();
    struct netif *added = netif_add(&station.lwip, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, NULL,
                                    fw_openeth_netif_init, tcpip_input);
    if (added) {
        netif_set_hostname(added, "esp32emu");
        netif_set_status_callback(added, status_changed);
        netif_set_default(added);
        netif_set_up(added);
    }
    UNLOCK_TCPIP_CORE();
    if (!added) {
        ESP_LOGE(TAG, "the Ethernet interface could not start");
        return NULL;
    }
    esp_event_post(WIFI_EVENT, WIFI_EVENT_STA_START, NULL, 0, portMAX_DELAY);
    xTaskCreate(link_monitor, "link_mon", 3072, NULL, 5, NULL);
    return &station;
}

esp_netif_t *esp_netif_get_handle_from_ifkey(const char *key) {
    return station_started && key && strcmp(key, station.key) == 0 ? &station : NULL;
}

esp_err_t esp_netif_get_ip_info(esp_netif_t *netif, esp_netif_ip_info_t *info) {
    if (!netif || !info) return ESP_ERR_INVALID_ARG;
    LOCK_TCPIP_CORE();
    *info = address_of(&netif->lwip);
    UNLOCK_TCPIP_CORE();
    return ESP_OK;
}

bool esp_netif_is_netif_up(esp_netif_t *netif) { return netif && netif_is_up(&netif->lwip) && netif_is_link_up(&netif->lwip); }

const char *esp_netif_get_desc(esp_netif_t *netif) { return netif ? netif->description : NULL; }

// ---- example_connect ----------------------------------------------------------------------------------------

esp_err_t example_connect(void) {
    ESP_LOGI("example_connect", "Start example_connect.");
    ESP_LOGI("example_connect", "Connecting to %s...", SSID);
    esp_netif_t *netif = esp_netif_create_default_wifi_sta();
    if (!netif) return ESP_FAIL;
    ESP_LOGI("example_connect", "Waiting for IP(s)");
    xEventGroupWaitBits(state, GOT_IP, pdFALSE, pdTRUE, portMAX_DELAY);
    esp_netif_ip_info_t info;
    esp_netif_get_ip_info(netif, &info);
    ESP_LOGI("example_common", "Connected to %s", esp_netif_get_desc(netif));
    ESP_LOGI("example_common", "- IPv4 address: " IPSTR ",", IP2STR(&info.ip));
    return ESP_OK;
}

esp_err_t example_disconnect(void) {
    if (!station_started) return ESP_ERR_INVALID_STATE;
    LOCK_TCPIP_CORE();
    dhcp_release_and_stop(&station.lwip);
    netif_set_down(&station.lwip);
    UNLOCK_TCPIP_CORE();
    return ESP_OK;
}

esp_netif_t *get_example_netif(void) { return esp_netif_get_handle_from_ifkey("WIFI_STA_DEF"); }
