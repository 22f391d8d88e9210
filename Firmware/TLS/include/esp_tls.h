// SPDX-License-Identifier: MIT
// ESP-IDF's esp-tls client API (the mbedtls flavour) over lwIP sockets: a TCP connection with a TLS 1.2 session on
// top, server verification against a CA (or the global CA store), SNI, client certificates. Implemented in
// TLS/esp_tls.c. As in ESP-IDF 5, a connection with no way to verify the server is refused unless the app is
// built with CONFIG_ESP_TLS_SKIP_SERVER_CERT_VERIFY (ESP-IDF's Kconfig opt-out, here a -D in app.mk).
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "esp_err.h"
#include "esp_tls_errors.h"
#include "mbedtls/ctr_drbg.h"
#include "mbedtls/entropy.h"
#include "mbedtls/pk.h"
#include "mbedtls/ssl.h"
#include "mbedtls/x509_crt.h"

typedef struct esp_tls_cfg {
    const char **alpn_protos;
    union {
        const unsigned char *cacert_buf;      // PEM (NUL-terminated, bytes include the NUL) or DER
        const unsigned char *cacert_pem_buf;
    };
    union {
        unsigned int cacert_bytes;
        unsigned int cacert_pem_bytes;
    };
    union {
        const unsigned char *clientcert_buf;
        const unsigned char *clientcert_pem_buf;
    };
    union {
        unsigned int clientcert_bytes;
        unsigned int clientcert_pem_bytes;
    };
    union {
        const unsigned char *clientkey_buf;
        const unsigned char *clientkey_pem_buf;
    };
    union {
        unsigned int clientkey_bytes;
        unsigned int clientkey_pem_bytes;
    };
    const unsigned char *clientkey_password;
    unsigned int clientkey_password_len;
    bool non_block;
    int timeout_ms;                 // connect and handshake; 0: ESP-IDF's default of 10 s
    bool use_global_ca_store;
    const char *common_name;        // the name to verify instead of the host name
    bool skip_common_name;          // no name check (and no SNI)
    esp_err_t (*crt_bundle_attach)(void *conf);  // not available here: a configuration error
} esp_tls_cfg_t;

typedef enum esp_tls_conn_state {
    ESP_TLS_INIT = 0,
    ESP_TLS_CONNECTING,
    ESP_TLS_HANDSHAKE,
    ESP_TLS_FAIL,
    ESP_TLS_DONE,
} esp_tls_conn_state_t;

typedef struct esp_tls {
    mbedtls_ssl_context ssl;
    mbedtls_ssl_config conf;
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context ctr_drbg;
    mbedtls_x509_crt cacert;
    mbedtls_x509_crt clientcert;
    mbedtls_pk_context clientkey;
    int sockfd;
    esp_tls_conn_state_t conn_state;
    esp_tls_error_handle_t error_handle;
    esp_tls_last_error_t last_error;
} esp_tls_t;

esp_tls_t *esp_tls_init(void);
// Connects and completes the handshake: 1 on success, -1 on failure (the error handle says why).
int esp_tls_conn_new_sync(const char *hostname, int hostlen, int port, const esp_tls_cfg_t *cfg, esp_tls_t *tls);
// Decrypted bytes read (0: the peer closed), or a negative mbedtls error (ESP_TLS_ERR_SSL_WANT_READ: none yet).
ssize_t esp_tls_conn_read(esp_tls_t *tls, void *data, size_t datalen);
// Bytes written, or a negative mbedtls error (ESP_TLS_ERR_SSL_WANT_WRITE: try again when writable).
ssize_t esp_tls_conn_write(esp_tls_t *tls, const void *data, size_t datalen);
int esp_tls_conn_destroy(esp_tls_t *tls);
// Decrypted bytes waiting in the session (readable without touching the socket).
ssize_t esp_tls_get_bytes_avail(esp_tls_t *tls);
esp_err_t esp_tls_get_conn_sockfd(esp_tls_t *tls, int *sockfd);
esp_err_t esp_tls_get_error_handle(esp_tls_t *tls, esp_tls_error_handle_t *error_handle);
// The last ESP error of `h` (returned), its mbedtls error (*esp_tls_code) and certificate verification flags
// (*esp_tls_flags); clears them.
esp_err_t esp_tls_get_and_clear_last_error(esp_tls_error_handle_t h, int *esp_tls_code, int *esp_tls_flags);

// The CA certificates connections with use_global_ca_store verify against (PEM with its NUL, or DER).
esp_err_t esp_tls_init_global_ca_store(void);
esp_err_t esp_tls_set_global_ca_store(const unsigned char *cacert_pem_buf, const unsigned int cacert_pem_bytes);
mbedtls_x509_crt *esp_tls_get_global_ca_store(void);
void esp_tls_free_global_ca_store(void);
