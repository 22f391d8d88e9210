// SPDX-License-Identifier: MIT
// esp-tls over mbedtls and lwIP sockets (esp_tls.h): ESP-IDF 5's order of configuration checks, its log lines
// (tags esp-tls and esp-tls-mbedtls) and its error record, written for this firmware. The socket is non-blocking
// throughout; the handshake waits in poll() against the configured timeout.
#include "esp_tls.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "esp_log.h"
#include "esp_timer.h"
#include "lwip/sockets.h"
#include "mbedtls/error.h"
#include "mbedtls/net_sockets.h"
#include "tcp_connect.h"

static const char *TAG = "esp-tls";
static const char *MBEDTLS_TAG = "esp-tls-mbedtls";
static mbedtls_x509_crt *global_cacert;

enum { DEFAULT_TIMEOUT_MS = 10000 };

static void record(esp_tls_t *tls, esp_tls_error_type_t type, int code) {
    if (type == ESP_TLS_ERR_TYPE_ESP) tls->last_error.last_error = code;
    if (type == ESP_TLS_ERR_TYPE_MBEDTLS) tls->last_error.esp_tls_error_code = code;
    if (type == ESP_TLS_ERR_TYPE_MBEDTLS_CERT_FLAGS) tls->last_error.esp_tls_flags = code;
}

/// Logs an mbedtls call's failure as ESP-IDF does ("<call> returned -0x…"), records mbedtls' error and returns
/// `code`, the ESP error the caller reports.
static esp_err_t mbedtls_failed(esp_tls_t *tls, const char *call, int result, esp_err_t code) {
    ESP_LOGE(MBEDTLS_TAG, "%s returned -0x%04X", call, -result);
    record(tls, ESP_TLS_ERR_TYPE_MBEDTLS, -result);
    return code;
}

// ---- The socket under the session ------------------------------------------------------------------------------

static int milliseconds_left(int64_t deadline_us) {
    int64_t left = (deadline_us - esp_timer_get_time()) / 1000;
    return left > 0 ? (int)left : 0;
}

static int send_to_socket(void *context, const unsigned char *bytes, size_t length) {
    int sent = send(*(int *)context, bytes, length, 0);
    if (sent >= 0) return sent;
    return errno == EAGAIN || errno == EWOULDBLOCK ? MBEDTLS_ERR_SSL_WANT_WRITE : MBEDTLS_ERR_NET_SEND_FAILED;
}

static int receive_from_socket(void *context, unsigned char *buffer, size_t length) {
    int received = recv(*(int *)context, buffer, length, 0);
    if (received >= 0) return received;
    return errno == EAGAIN || errno == EWOULDBLOCK ? MBEDTLS_ERR_SSL_WANT_READ : MBEDTLS_ERR_NET_RECV_FAILED;
}

static esp_err_t connect_socket(esp_tls_t *tls, const char *host, int port, int64_t deadline_us) {
    int fd = fw_tcp_connect(host, port, milliseconds_left(deadline_us));
    if (fd >= 0) {
        tls->sockfd = fd;
        return ESP_OK;
    }
    errno = -fd;
    switch (-fd) {
    case EHOSTUNREACH:
        ESP_LOGE(TAG, "couldn't get hostname for :%s: getaddrinfo() failed", host);
        return ESP_ERR_ESP_TLS_CANNOT_RESOLVE_HOSTNAME;
    case ENOMEM:
        ESP_LOGE(TAG, "Failed to create socket (family %d socktype %d protocol %d)", AF_INET, SOCK_STREAM, 0);
        return ESP_ERR_ESP_TLS_CANNOT_CREATE_SOCKET;
    default:
        ESP_LOGE(TAG, "connect() error: %s", strerror(-fd));
        return fd == -ETIMEDOUT ? ESP_ERR_ESP_TLS_CONNECTION_TIMEOUT : ESP_ERR_ESP_TLS_FAILED_CONNECT_TO_HOST;
    }
}

// ---- Configuration (ESP-IDF's set_client_config order) ---------------------------------------------------------
// Certificate buffers are PEM with their terminating NUL counted (mbedtls wants it) or DER as given.

static esp_err_t configure_verification(esp_tls_t *tls, const esp_tls_cfg_t *cfg) {
    if (cfg->crt_bundle_attach) {
        ESP_LOGE(MBEDTLS_TAG, "use_crt_bundle configured but not enabled in menuconfig: Please enable "
                              "MBEDTLS_CERTIFICATE_BUNDLE option");
        return ESP_ERR_INVALID_STATE;
    }
    if (cfg->use_global_ca_store) {
        if (!global_cacert) {
            ESP_LOGE(MBEDTLS_TAG, "global_cacert is NULL");
            return ESP_ERR_INVALID_STATE;
        }
        mbedtls_ssl_conf_authmode(&tls->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
        mbedtls_ssl_conf_ca_chain(&tls->conf, global_cacert, NULL);
        return ESP_OK;
    }
    if (cfg->cacert_buf) {
        int result = mbedtls_x509_crt_parse(&tls->cacert, cfg->cacert_buf, cfg->cacert_bytes);
        if (result < 0) {
            return mbedtls_failed(tls, "mbedtls_x509_crt_parse of CA cert", result,
                                  ESP_ERR_MBEDTLS_X509_CRT_PARSE_FAILED);
        }
        if (result > 0) {
            ESP_LOGW(MBEDTLS_TAG, "mbedtls_x509_crt_parse was partly successful. No. of failed certificates: %d",
                     result);
        }
        mbedtls_ssl_conf_authmode(&tls->conf, MBEDTLS_SSL_VERIFY_REQUIRED);
        mbedtls_ssl_conf_ca_chain(&tls->conf, &tls->cacert, NULL);
        return ESP_OK;
    }
#ifdef CONFIG_ESP_TLS_SKIP_SERVER_CERT_VERIFY
    ESP_LOGW(MBEDTLS_TAG, "The server's certificate is not verified (CONFIG_ESP_TLS_SKIP_SERVER_CERT_VERIFY)");
    mbedtls_ssl_conf_authmode(&tls->conf, MBEDTLS_SSL_VERIFY_NONE);
    return ESP_OK;
#else
    ESP_LOGE(MBEDTLS_TAG, "No server verification option set in esp_tls_cfg_t structure. Check esp_tls API reference");
    return ESP_ERR_MBEDTLS_SSL_SETUP_FAILED;
#endif
}

static esp_err_t configure_client_certificate(esp_tls_t *tls, const esp_tls_cfg_t *cfg) {
    if (!cfg->clientcert_buf && !cfg->clientkey_buf) return ESP_OK;
    if (!cfg->clientcert_buf || !cfg->clientkey_buf) {
        ESP_LOGE(MBEDTLS_TAG, "You have to provide both clientcert_buf and clientkey_buf for mutual authentication");
        return ESP_ERR_INVALID_STATE;
    }
    int result = mbedtls_x509_crt_parse(&tls->clientcert, cfg->clientcert_buf, cfg->clientcert_bytes);
    if (result < 0) {
        return mbedtls_failed(tls, "mbedtls_x509_crt_parse of public cert", result,
                              ESP_ERR_MBEDTLS_X509_CRT_PARSE_FAILED);
    }
    result = mbedtls_pk_parse_key(&tls->clientkey, cfg->clientkey_buf, cfg->clientkey_bytes, cfg->clientkey_password,
                                  cfg->clientkey_password_len);
    if (result < 0) {
        return mbedtls_failed(tls, "mbedtls_pk_parse_keyfile", result, ESP_ERR_MBEDTLS_PK_PARSE_KEY_FAILED);
    }
    result = mbedtls_ssl_conf_own_cert(&tls->conf, &tls->clientcert, &tls->clientkey);
    if (result < 0) {
        return mbedtls_failed(tls, "mbedtls_ssl_conf_own_cert", result, ESP_ERR_MBEDTLS_SSL_CONF_OWN_CERT_FAILED);
    }
    return ESP_OK;
}

static esp_err_t create_session(esp_tls_t *tls, const char *hostname, int hostlen, const esp_tls_cfg_t *cfg) {
    if (!cfg->skip_common_name) {
        const char *name = cfg->common_name ? cfg->common_name : hostname;
        size_t length = cfg->common_name ? strlen(cfg->common_name) : (size_t)hostlen;
        char *copy = strndup(name, length);
        if (!copy) return ESP_ERR_NO_MEM;
        int result = mbedtls_ssl_set_hostname(&tls->ssl, copy);  // the name checked, and SNI
        free(copy);
        if (result != 0) {
            return mbedtls_failed(tls, "mbedtls_ssl_set_hostname", result, ESP_ERR_MBEDTLS_SSL_SET_HOSTNAME_FAILED);
        }
    }
    int result = mbedtls_ssl_config_defaults(&tls->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                             MBEDTLS_SSL_PRESET_DEFAULT);
    if (result != 0) {
        return mbedtls_failed(tls, "mbedtls_ssl_config_defaults", result, ESP_ERR_MBEDTLS_SSL_CONFIG_DEFAULTS_FAILED);
    }
    if (cfg->alpn_protos && (result = mbedtls_ssl_conf_alpn_protocols(&tls->conf, cfg->alpn_protos)) != 0) {
        return mbedtls_failed(tls, "mbedtls_ssl_conf_alpn_protocols", result,
                              ESP_ERR_MBEDTLS_SSL_CONF_ALPN_PROTOCOLS_FAILED);
    }
    esp_err_t error = configure_verification(tls, cfg);
    if (error == ESP_OK) {
        error = configure_client_certificate(tls, cfg);
        if (error != ESP_OK) ESP_LOGE(MBEDTLS_TAG, "Failed to set client pki context");
    }
    if (error != ESP_OK) {
        ESP_LOGE(MBEDTLS_TAG, "Failed to set client configurations, returned [0x%04X] (%s)", error,
                 esp_err_to_name(error));
        return error;
    }
    result = mbedtls_ctr_drbg_seed(&tls->ctr_drbg, mbedtls_entropy_func, &tls->entropy, NULL, 0);
    if (result != 0) {
        return mbedtls_failed(tls, "mbedtls_ctr_drbg_seed", result, ESP_ERR_MBEDTLS_CTR_DRBG_SEED_FAILED);
    }
    mbedtls_ssl_conf_rng(&tls->conf, mbedtls_ctr_drbg_random, &tls->ctr_drbg);
    if ((result = mbedtls_ssl_setup(&tls->ssl, &tls->conf)) != 0) {
        return mbedtls_failed(tls, "mbedtls_ssl_setup", result, ESP_ERR_MBEDTLS_SSL_SETUP_FAILED);
    }
    mbedtls_ssl_set_bio(&tls->ssl, &tls->sockfd, send_to_socket, receive_from_socket, NULL);
    return ESP_OK;
}

// ---- The handshake -----------------------------------------------------------------------------------------------

static bool verification_configured(const esp_tls_cfg_t *cfg) {
    return cfg->cacert_buf || cfg->use_global_ca_store;
}

static int handshake(esp_tls_t *tls, const esp_tls_cfg_t *cfg, int64_t deadline_us) {
    for (;;) {
        int result = mbedtls_ssl_handshake(&tls->ssl);
        if (result == 0) {
            if (verification_configured(cfg)) ESP_LOGI(MBEDTLS_TAG, "Certificate verified.");
            return 1;
        }
        if (result == MBEDTLS_ERR_SSL_WANT_READ || result == MBEDTLS_ERR_SSL_WANT_WRITE) {
            short events = result == MBEDTLS_ERR_SSL_WANT_READ ? POLLIN : POLLOUT;
            // Ready, or a socket error that mbedtls' next call reports: go on; only a timeout ends here.
            if (fw_socket_wait(tls->sockfd, events, milliseconds_left(deadline_us)) != 0) continue;
            ESP_LOGW(TAG, "Failed to open new connection in specified timeout");
            record(tls, ESP_TLS_ERR_TYPE_ESP, ESP_ERR_ESP_TLS_CONNECTION_TIMEOUT);
            return -1;
        }
        record(tls, ESP_TLS_ERR_TYPE_ESP,
               mbedtls_failed(tls, "mbedtls_ssl_handshake", result, ESP_ERR_MBEDTLS_SSL_HANDSHAKE_FAILED));
        uint32_t flags = mbedtls_ssl_get_verify_result(&tls->ssl);
        if (verification_configured(cfg) && flags != 0 && flags != (uint32_t)-1) {
            char info[128];
            mbedtls_x509_crt_verify_info(info, sizeof info, "  ! ", flags);
            ESP_LOGI(MBEDTLS_TAG, "Failed to verify peer certificate!");
            ESP_LOGD(MBEDTLS_TAG, "verification info: %s", info);
            record(tls, ESP_TLS_ERR_TYPE_MBEDTLS_CERT_FLAGS, (int)flags);
        }
        return -1;
    }
}

// ---- API ---------------------------------------------------------------------------------------------------------

esp_tls_t *esp_tls_init(void) {
    esp_tls_t *tls = calloc(1, sizeof *tls);
    if (!tls) return NULL;
    mbedtls_ssl_init(&tls->ssl);
    mbedtls_ssl_config_init(&tls->conf);
    mbedtls_entropy_init(&tls->entropy);
    mbedtls_ctr_drbg_init(&tls->ctr_drbg);
    mbedtls_x509_crt_init(&tls->cacert);
    mbedtls_x509_crt_init(&tls->clientcert);
    mbedtls_pk_init(&tls->clientkey);
    tls->sockfd = -1;
    tls->error_handle = &tls->last_error;
    return tls;
}

int esp_tls_conn_new_sync(const char *hostname, int hostlen, int port, const esp_tls_cfg_t *cfg, esp_tls_t *tls) {
    if (!hostname || !cfg || !tls) return -1;
    int64_t deadline_us = esp_timer_get_time() + 1000LL * (cfg->timeout_ms > 0 ? cfg->timeout_ms : DEFAULT_TIMEOUT_MS);
    char *host = strndup(hostname, (size_t)hostlen);
    if (!host) return -1;
    tls->conn_state = ESP_TLS_CONNECTING;
    esp_err_t error = connect_socket(tls, host, port, deadline_us);
    free(host);
    if (error != ESP_OK) {
        record(tls, ESP_TLS_ERR_TYPE_ESP, error);
        tls->conn_state = ESP_TLS_FAIL;
        return -1;
    }
    tls->conn_state = ESP_TLS_HANDSHAKE;
    error = create_session(tls, hostname, hostlen, cfg);
    if (error != ESP_OK) {
        ESP_LOGE(TAG, "create_ssl_handle failed");
        record(tls, ESP_TLS_ERR_TYPE_ESP, error);
        tls->conn_state = ESP_TLS_FAIL;
        return -1;
    }
    if (handshake(tls, cfg, deadline_us) != 1) {
        ESP_LOGE(TAG, "Failed to open new connection");
        tls->conn_state = ESP_TLS_FAIL;
        return -1;
    }
    tls->conn_state = ESP_TLS_DONE;
    return 1;
}

ssize_t esp_tls_conn_read(esp_tls_t *tls, void *data, size_t datalen) {
    int result = mbedtls_ssl_read(&tls->ssl, data, datalen);
    if (result == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY) return 0;
    if (result < 0 && result != MBEDTLS_ERR_SSL_WANT_READ && result != MBEDTLS_ERR_SSL_WANT_WRITE) {
        record(tls, ESP_TLS_ERR_TYPE_MBEDTLS, -result);
        ESP_LOGE(MBEDTLS_TAG, "read error :-0x%04X:", -result);
    }
    return result;
}

ssize_t esp_tls_conn_write(esp_tls_t *tls, const void *data, size_t datalen) {
    int result = mbedtls_ssl_write(&tls->ssl, data, datalen);
    if (result < 0 && result != MBEDTLS_ERR_SSL_WANT_READ && result != MBEDTLS_ERR_SSL_WANT_WRITE) {
        record(tls, ESP_TLS_ERR_TYPE_MBEDTLS, -result);
        record(tls, ESP_TLS_ERR_TYPE_ESP, ESP_ERR_MBEDTLS_SSL_WRITE_FAILED);
        ESP_LOGE(MBEDTLS_TAG, "write error :-0x%04X:", -result);
    }
    return result;
}

int esp_tls_conn_destroy(esp_tls_t *tls) {
    if (!tls) return -1;
    if (tls->conn_state == ESP_TLS_DONE) mbedtls_ssl_close_notify(&tls->ssl);
    if (tls->sockfd >= 0) close(tls->sockfd);
    mbedtls_ssl_free(&tls->ssl);
    mbedtls_ssl_config_free(&tls->conf);
    mbedtls_ctr_drbg_free(&tls->ctr_drbg);
    mbedtls_entropy_free(&tls->entropy);
    mbedtls_x509_crt_free(&tls->cacert);
    mbedtls_x509_crt_free(&tls->clientcert);
    mbedtls_pk_free(&tls->clientkey);
    free(tls);
    return 0;
}

ssize_t esp_tls_get_bytes_avail(esp_tls_t *tls) {
    if (!tls) return -1;
    return (ssize_t)mbedtls_ssl_get_bytes_avail(&tls->ssl);
}

esp_err_t esp_tls_get_conn_sockfd(esp_tls_t *tls, int *sockfd) {
    if (!tls || !sockfd) return ESP_ERR_INVALID_ARG;
    *sockfd = tls->sockfd;
    return ESP_OK;
}

esp_err_t esp_tls_get_error_handle(esp_tls_t *tls, esp_tls_error_handle_t *error_handle) {
    if (!tls || !error_handle) return ESP_ERR_INVALID_ARG;
    *error_handle = tls->error_handle;
    return ESP_OK;
}

esp_err_t esp_tls_get_and_clear_last_error(esp_tls_error_handle_t h, int *esp_tls_code, int *esp_tls_flags) {
    if (!h) return ESP_ERR_INVALID_STATE;
    esp_err_t last = h->last_error;
    if (esp_tls_code) *esp_tls_code = h->esp_tls_error_code;
    if (esp_tls_flags) *esp_tls_flags = h->esp_tls_flags;
    memset(h, 0, sizeof *h);
    return last;
}

esp_err_t esp_tls_init_global_ca_store(void) {
    if (global_cacert) return ESP_OK;
    global_cacert = calloc(1, sizeof *global_cacert);
    if (!global_cacert) return ESP_ERR_NO_MEM;
    mbedtls_x509_crt_init(global_cacert);
    return ESP_OK;
}

esp_err_t esp_tls_set_global_ca_store(const unsigned char *cacert_pem_buf, const unsigned int cacert_pem_bytes) {
    if (!cacert_pem_buf) {
        ESP_LOGE(TAG, "cacert_pem_buf is null");
        return ESP_ERR_INVALID_ARG;
    }
    esp_err_t error = esp_tls_init_global_ca_store();
    if (error != ESP_OK) return error;
    int result = mbedtls_x509_crt_parse(global_cacert, cacert_pem_buf, cacert_pem_bytes);
    if (result < 0) {
        ESP_LOGE(TAG, "mbedtls_x509_crt_parse returned -0x%04X", -result);
        esp_tls_free_global_ca_store();
        return ESP_FAIL;
    }
    if (result > 0) {
        ESP_LOGE(TAG, "mbedtls_x509_crt_parse was partly successful. No. of failed certificates: %d", result);
        return ESP_ERR_MBEDTLS_CERT_PARTLY_OK;
    }
    return ESP_OK;
}

mbedtls_x509_crt *esp_tls_get_global_ca_store(void) { return global_cacert; }

void esp_tls_free_global_ca_store(void) {
    if (!global_cacert) return;
    mbedtls_x509_crt_free(global_cacert);
    free(global_cacert);
    global_cacert = NULL;
}
