// SPDX-License-Identifier: MIT
// esp_websocket_client's functions (Firmware/WebSocket/include/esp_websocket_client.h) on FirmwareWebSocketClient.
// esp_websocket_client_init and the event registration, which need C structures, are in
// esp_websocket_client.c; it builds the client through the fw_ws_client_* functions here.

@_extern(c, "esp_random") func esp_random() -> UInt32

private func client(_ handle: UnsafeMutableRawPointer?) -> FirmwareWebSocketClient? {
    handle.map { Unmanaged<FirmwareWebSocketClient>.fromOpaque($0).takeUnretainedValue() }
}

/// The bytes of a NUL-terminated C string.
private func bytes(_ text: UnsafePointer<CChar>?) -> [UInt8]? {
    guard let text else { return nil }
    var length = 0
    while text[length] != 0 { length += 1 }
    return text.withMemoryRebound(to: UInt8.self, capacity: length) {
        Array(UnsafeBufferPointer(start: $0, count: length))
    }
}

/// Ticks (1 ms each) as the milliseconds the core takes; portMAX_DELAY: for ever (-1).
private func milliseconds(_ ticks: UInt32) -> Int { ticks == KernelConfig.maximumDelay ? -1 : Int(ticks) }

// MARK: - Construction (called by esp_websocket_client_init)

@c public func fw_ws_client_new(
    _ loop: OpaquePointer?, _ userContext: UnsafeMutableRawPointer?
) -> UnsafeMutableRawPointer? {
    guard let loop, let made = FirmwareWebSocketClient(loop: loop) else { return nil }
    made.userContext = userContext
    return Unmanaged.passRetained(made).toOpaque()
}

/// String fields, numbered as in esp_websocket_client.c.
@c public func fw_ws_client_set_text(_ handle: UnsafeMutableRawPointer?, _ field: Int32, _ text: UnsafePointer<CChar>?)
{
    guard let made = client(handle), let value = bytes(text) else { return }
    switch field {
    case 0: made.core.configuration.endpoint.host = value
    case 1: made.core.configuration.endpoint.username = value
    case 2: made.core.configuration.endpoint.password = value
    case 3: made.core.configuration.endpoint.path = value
    case 4: made.core.configuration.subprotocol = value
    case 5: made.core.configuration.userAgent = value
    case 6: made.core.configuration.headers = value
    case 7: made.taskName = value + [0]
    default: break
    }
}

/// Number fields, numbered as in esp_websocket_client.c (0: not set, as in the C struct).
@c public func fw_ws_client_set_number(_ handle: UnsafeMutableRawPointer?, _ field: Int32, _ value: Int32) {
    guard let made = client(handle) else { return }
    let number = Int(value)
    switch field {
    case 0: if number != 0 { made.core.configuration.endpoint.port = number }
    case 1: made.autoReconnect = value == 0
    case 2: made.core.configuration.enableCloseReconnect = value != 0
    case 3: made.taskPriority = value > 0 ? UInt32(value) : 5
    case 4: made.taskStackBytes = value > 0 ? UInt32(value) : FirmwareWebSocketClient.defaultTaskStackBytes
    case 5:
        made.core.configuration.bufferSize = number > 0 ? number : 1024
    case 6: made.core.configuration.pingPongTimeoutSeconds = number > 0 ? number : 120
    case 7: made.core.configuration.pingPongTimeoutEnabled = value == 0
    case 8: made.core.configuration.reconnectTimeoutMilliseconds = number > 0 ? number : 10_000
    case 9: made.core.configuration.networkTimeoutMilliseconds = number > 0 ? number : 10_000
    case 10: made.core.configuration.pingIntervalSeconds = number > 0 ? number : 10
    case 11: made.taskCore = value
    default: break
    }
}

/// Applies the URI and the transport field with upstream's precedence (transport < URI < explicit fields,
/// which were set before this call and are re-applied here). ESP_FAIL for a URI that does not parse.
@c public func fw_ws_client_set_endpoint(
    _ handle: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?, _ transport: Int32
) -> Int32 {
    guard let made = client(handle) else { return ESPError.invalidArgument }
    let explicit = made.core.configuration.endpoint
    var fields = WebSocketEndpoint.Fields()
    fields.uri = bytes(uri)
    fields.host = explicit.host
    fields.port = explicit.port
    fields.path = explicit.path
    fields.username = explicit.username
    fields.password = explicit.password
    fields.transport = transport == 1 ? .tcp : transport == 2 ? .ssl : .unknown
    guard let endpoint = WebSocketEndpoint(fields) else { return ESPError.fail }
    made.core.configuration.endpoint = endpoint
    made.core.configuration.autoReconnect = made.autoReconnect
    return ESPError.ok
}

/// Hands the client its esp_tls_cfg_t for wss:// (it frees it with itself).
@c public func fw_ws_client_set_tls(_ handle: UnsafeMutableRawPointer?, _ tlsConfiguration: OpaquePointer?) {
    client(handle)?.connection.tlsConfiguration = tlsConfiguration
}

@c public func fw_ws_client_free(_ handle: UnsafeMutableRawPointer?) {
    guard let handle else { return }
    Unmanaged<FirmwareWebSocketClient>.fromOpaque(handle).release()
}

@c public func fw_ws_client_loop(_ handle: UnsafeMutableRawPointer?) -> OpaquePointer? { client(handle)?.loop }

// MARK: - Lifecycle

@c public func esp_websocket_client_start(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    guard let made = client(handle) else { return ESPError.invalidArgument }
    guard !made.isRunningTask else {
        log(1, "The client has started")
        return ESPError.fail
    }
    guard made.core.configuration.endpoint.isSupported else {
        log(1, "Not support this websocket scheme, only support ws and wss")
        return ESPError.fail
    }
    guard made.start() else { return ESPError.fail }
    log(3, "Started")
    return ESPError.ok
}

/// The client behind `handle` if another task may stop or close it: it runs, and this is not its own task
/// (an event handler); logs upstream's refusal otherwise.
private func stoppableClient(_ handle: UnsafeMutableRawPointer?) -> FirmwareWebSocketClient? {
    guard let made = client(handle), made.isRunningTask else {
        log(2, "Client was not started")
        return nil
    }
    guard !made.isCalledFromTask else {
        log(1, "Client cannot be stopped from websocket task")
        return nil
    }
    return made
}

@c public func esp_websocket_client_stop(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    guard let made = stoppableClient(handle) else { return ESPError.fail }
    made.stopTask()
    return ESPError.ok
}

private func close(_ handle: UnsafeMutableRawPointer?, code: Int?, reason: [UInt8], ticks: UInt32) -> Int32 {
    guard let made = stoppableClient(handle) else { return ESPError.fail }
    guard made.withLock({ made.core.close(code: code, reason: reason) }) == true else {
        log(1, "Websocket client is not connected")
        return ESPError.fail
    }
    if made.core.configuration.enableCloseReconnect && made.autoReconnect { return ESPError.ok }
    if !made.waitForTask(ticks: ticks) { made.stopTask() }  // no answer in time: FINISH only
    return ESPError.ok
}

@c public func esp_websocket_client_close(_ handle: UnsafeMutableRawPointer?, _ ticks: UInt32) -> Int32 {
    close(handle, code: nil, reason: [], ticks: ticks)
}

@c public func esp_websocket_client_close_with_code(
    _ handle: UnsafeMutableRawPointer?, _ code: Int32, _ data: UnsafePointer<UInt8>?, _ length: Int32, _ ticks: UInt32
) -> Int32 {
    let reason = data.map { Array(UnsafeBufferPointer(start: $0, count: Int(max(length, 0)))) } ?? []
    return close(handle, code: Int(code), reason: reason, ticks: ticks)
}

@c public func esp_websocket_client_destroy(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    guard let made = client(handle) else { return ESPError.invalidArgument }
    guard !made.isCalledFromTask else { return ESPError.fail }  // upstream frees under its own task here
    made.stopTask()
    fw_ws_client_free(handle)
    return ESPError.ok
}

@c public func esp_websocket_client_destroy_on_exit(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    guard let made = client(handle) else { return ESPError.invalidArgument }
    made.destroysOnExit = true
    return ESPError.ok
}

// MARK: - Sending

@c public func esp_websocket_client_send_with_opcode(
    _ handle: UnsafeMutableRawPointer?, _ opcode: Int32, _ data: UnsafePointer<UInt8>?, _ length: Int32, _ ticks: UInt32
) -> Int32 {
    guard let made = client(handle), length >= 0, data != nil || length == 0,
        let kind = Opcode(rawValue: UInt8(opcode & 0x0F))
    else { return -1 }
    guard made.core.isConnected else {
        log(1, "Websocket client is not connected")
        return -1
    }
    let payload = data.map { Array(UnsafeBufferPointer(start: $0, count: Int(length))) } ?? []
    let fin = opcode & 0x80 != 0
    let sent = made.withLock(ticks: ticks) {
        made.core.send(kind, payload, fin: fin, timeoutMilliseconds: milliseconds(ticks))
    }
    return Int32(sent ?? -1)
}

private func send(
    _ handle: UnsafeMutableRawPointer?, _ opcode: Opcode, fin: Bool, _ data: UnsafePointer<CChar>?,
    _ length: Int32, _ ticks: UInt32
) -> Int32 {
    esp_websocket_client_send_with_opcode(
        handle, Int32(opcode.rawValue) | (fin ? 0x80 : 0),
        data.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) },
        length, ticks)
}

@c public func esp_websocket_client_send_text(
    _ handle: UnsafeMutableRawPointer?, _ data: UnsafePointer<CChar>?, _ length: Int32, _ ticks: UInt32
) -> Int32 {
    send(handle, .text, fin: true, data, length, ticks)
}

@c public func esp_websocket_client_send_text_partial(
    _ handle: UnsafeMutableRawPointer?, _ data: UnsafePointer<CChar>?, _ length: Int32, _ ticks: UInt32
) -> Int32 {
    send(handle, .text, fin: false, data, length, ticks)
}

@c public func esp_websocket_client_send_bin(
    _ handle: UnsafeMutableRawPointer?, _ data: UnsafePointer<CChar>?, _ length: Int32, _ ticks: UInt32
) -> Int32 {
    send(handle, .binary, fin: true, data, length, ticks)
}

@c public func esp_websocket_client_send_bin_partial(
    _ handle: UnsafeMutableRawPointer?, _ data: UnsafePointer<CChar>?, _ length: Int32, _ ticks: UInt32
) -> Int32 {
    send(handle, .binary, fin: false, data, length, ticks)
}

@c public func esp_websocket_client_send_cont_msg(
    _ handle: UnsafeMutableRawPointer?, _ data: UnsafePointer<CChar>?, _ length: Int32, _ ticks: UInt32
) -> Int32 {
    send(handle, .continuation, fin: false, data, length, ticks)
}

@c public func esp_websocket_client_send_fin(_ handle: UnsafeMutableRawPointer?, _ ticks: UInt32) -> Int32 {
    send(handle, .continuation, fin: true, nil, 0, ticks)
}

// MARK: - State and settings

@c public func esp_websocket_client_is_connected(_ handle: UnsafeMutableRawPointer?) -> Bool {
    client(handle)?.core.isConnected ?? false
}

@c public func esp_websocket_client_get_ping_interval_sec(_ handle: UnsafeMutableRawPointer?) -> Int {
    client(handle)?.core.configuration.pingIntervalSeconds ?? 0
}

@c public func esp_websocket_client_set_ping_interval_sec(_ handle: UnsafeMutableRawPointer?, _ seconds: Int) -> Int32 {
    guard let made = client(handle) else { return ESPError.invalidArgument }
    made.core.configuration.pingIntervalSeconds = seconds > 0 ? seconds : 10
    return ESPError.ok
}

@c public func esp_websocket_client_get_reconnect_timeout(_ handle: UnsafeMutableRawPointer?) -> Int32 {
    guard let made = client(handle), made.autoReconnect else { return -1 }
    return Int32(made.core.configuration.reconnectTimeoutMilliseconds)
}

@c public func esp_websocket_client_set_reconnect_timeout(
    _ handle: UnsafeMutableRawPointer?, _ milliseconds: Int32
) -> Int32 {
    guard let made = client(handle), milliseconds > 0 else { return ESPError.invalidArgument }
    guard made.autoReconnect else { return ESPError.invalidState }
    made.core.setReconnectTimeout(milliseconds: Int(milliseconds))
    return ESPError.ok
}

@c public func esp_websocket_client_set_uri(_ handle: UnsafeMutableRawPointer?, _ uri: UnsafePointer<CChar>?) -> Int32 {
    guard let made = client(handle), let text = bytes(uri) else { return ESPError.invalidArgument }
    return made.withLock({ made.core.configuration.endpoint.apply(uri: text) }) == true ? ESPError.ok : ESPError.fail
}

/// Replaces the extra headers for the next handshake; only while connected, as upstream.
@c public func esp_websocket_client_set_headers(
    _ handle: UnsafeMutableRawPointer?, _ headers: UnsafePointer<CChar>?
) -> Int32 {
    guard let made = client(handle), made.core.isConnected else { return ESPError.invalidArgument }
    made.withLock { made.core.configuration.headers = bytes(headers) }
    return ESPError.ok
}

@c public func esp_websocket_client_append_header(
    _ handle: UnsafeMutableRawPointer?, _ key: UnsafePointer<CChar>?, _ value: UnsafePointer<CChar>?
) -> Int32 {
    guard let made = client(handle), let key = bytes(key), let value = bytes(value) else {
        return ESPError.invalidArgument
    }
    made.withLock {
        made.core.configuration.headers =
            (made.core.configuration.headers ?? [])
            + key + ASCII.bytes(": ") + value + ASCII.bytes("\r\n")
    }
    return ESPError.ok
}
