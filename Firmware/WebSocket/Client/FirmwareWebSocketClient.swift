// SPDX-License-Identifier: MIT
// One esp_websocket_client: the protocol core's state machine on its own kernel task, over lwIP, behind a
// recursive lock that senders take too, with its events posted to a private task-less event loop and run
// at once in the dispatching task (esp_ws_api.md §3.1, §4.7). The C API (WebSocketClientAPI.swift,
// esp_websocket_client.c) works on handles that are unretained pointers to these objects.

@_extern(c, "fw_ws_dispatch")
func dispatchEvent(
    _ loop: OpaquePointer?, _ client: UnsafeMutableRawPointer?, _ userContext: UnsafeMutableRawPointer?, _ id: Int32,
    _ data: UnsafePointer<UInt8>?, _ length: Int32, _ fin: Int32, _ opcode: Int32, _ payloadLength: Int32,
    _ payloadOffset: Int32, _ errorType: Int32, _ handshakeStatus: Int32, _ socketErrno: Int32, _ closeCode: Int32,
    _ tlsError: Int32, _ tlsStackError: Int32, _ tlsVerifyFlags: Int32)

@_extern(c, "fw_ws_log") func logC(_ level: Int32, _ message: UnsafePointer<UInt8>, _ number: Int32)

/// Logs one of upstream's fixed lines: 1 error, 2 warning, 3 information (with `number` for its %d).
func log(_ level: Int32, _ message: StaticString, _ number: Int32 = -1) { logC(level, message.utf8Start, number) }

final class FirmwareWebSocketClient {
    let core: WebSocketClient<LwIPConnection, KernelClock>
    let connection = LwIPConnection()
    let lock: OpaquePointer
    let loop: OpaquePointer
    private let finished: OpaquePointer
    var userContext: UnsafeMutableRawPointer?
    var taskName: [UInt8] = ASCII.bytes("websocket_task") + [0]
    var taskPriority: UInt32 = 5
    /// Upstream's default is 4 KB; a wss:// handshake (mbedtls' X.509 and ECC code, compiled by LLVM for the
    /// windowed ABI) needs more than that here, so the default is 8 KB for both schemes.
    static let defaultTaskStackBytes: UInt32 = 8192
    var taskStackBytes = FirmwareWebSocketClient.defaultTaskStackBytes
    var taskCore: Int32 = 0x7FFF_FFFF  // tskNO_AFFINITY
    var autoReconnect = true
    var destroysOnExit = false
    private(set) var task: OpaquePointer?
    private var taskNameBuffer: UnsafeMutableRawPointer?

    init?(loop: OpaquePointer) {
        guard let lock = xQueueCreateMutex(QueueType.recursiveMutex),
            let finished = xQueueGenericCreate(1, 0, QueueType.binary)
        else { return nil }
        self.lock = lock
        self.loop = loop
        self.finished = finished
        connection.lock = lock
        core = WebSocketClient(
            configuration: WebSocketClientConfiguration(endpoint: WebSocketEndpoint()), connection: connection,
            clock: KernelClock(), random: { esp_random() })
        // Embedded Swift has no unowned references: the closure holds the client's address (it lives as long).
        let address = Unmanaged.passUnretained(self).toOpaque()
        core.onEvent = { event in
            Unmanaged<FirmwareWebSocketClient>.fromOpaque(address).takeUnretainedValue().post(event)
        }
    }

    deinit {
        vQueueDelete(lock)
        vQueueDelete(finished)
        release(taskNameBuffer)
        release(connection.tlsConfiguration.map { UnsafeMutableRawPointer($0) })
        _ = esp_event_loop_delete(loop)
    }

    var handle: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    var isRunningTask: Bool { task != nil }
    var isCalledFromTask: Bool { task != nil && xTaskGetCurrentTaskHandle() == task }

    func withLock<Result>(ticks: UInt32 = KernelConfig.maximumDelay, _ body: () -> Result) -> Result? {
        guard xQueueTakeMutexRecursive(lock, ticks) == 1 else { return nil }
        defer { _ = xQueueGiveMutexRecursive(lock) }
        return body()
    }

    // MARK: - The task

    /// Starts the task (BEGIN comes from it). False if it runs already or cannot be created.
    func start() -> Bool {
        guard task == nil, withLock({ core.start() }) == true else { return false }
        _ = xQueueSemaphoreTake(finished, 0)  // forget an earlier run's signal
        if taskNameBuffer == nil, let buffer = allocate(taskName.count) {
            taskName.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            taskNameBuffer = buffer
        }
        var created: OpaquePointer?
        let name = taskNameBuffer.map { UnsafePointer<CChar>(OpaquePointer($0)) }
        guard
            xTaskCreatePinnedToCore(clientTaskMain, name, taskStackBytes, handle, taskPriority, &created, taskCore) == 1
        else {
            core.stop()
            _ = core.runOnce()
            return false
        }
        task = created
        return true
    }

    fileprivate func runTask() {
        while withLock({ core.runOnce() }) == true {}
        task = nil
        if destroysOnExit {
            Unmanaged.passUnretained(self).release()
        } else {
            _ = xQueueGenericSend(finished, nil, 0, SendPosition.back)
        }
    }

    /// Asks the task to end and waits for it, up to `ticks`; true once it has ended.
    @discardableResult
    func stopTask(waiting ticks: UInt32 = KernelConfig.maximumDelay) -> Bool {
        guard task != nil else { return true }
        core.stop()
        return waitForTask(ticks: ticks)
    }

    func waitForTask(ticks: UInt32) -> Bool {
        guard task != nil else { return true }
        guard xQueueSemaphoreTake(finished, ticks) == 1 else { return false }
        return true
    }

    // MARK: - Events

    fileprivate func post(_ event: WebSocketEvent) {
        if event.kind == .disconnected && core.state == .waitingToReconnect {
            log(3, "Reconnect after %d ms", Int32(core.configuration.reconnectTimeoutMilliseconds))
        }
        // A failed TLS open's esp-tls record goes with the failure's ERROR and DISCONNECTED (esp_ws_api.md §3.2).
        let tls = event.kind == .error || event.kind == .disconnected ? connection.lastTLSFailure : TLSFailure()
        event.data.withUnsafeBufferPointer { data in
            dispatchEvent(
                loop, handle, userContext, event.kind.rawValue,
                event.data.isEmpty && event.kind != .data ? nil : data.baseAddress,
                Int32(data.count), event.fin ? 1 : 0, Int32(event.opcode), Int32(event.payloadLength),
                Int32(event.payloadOffset), event.errorType.rawValue, Int32(event.handshakeStatus), event.socketErrno,
                Int32(event.closeStatusCode), tls.espError, tls.stackError, tls.verifyFlags)
        }
    }
}

private let clientTaskMain: TaskFunction = { argument in
    guard let argument else { return }
    Unmanaged<FirmwareWebSocketClient>.fromOpaque(argument).takeUnretainedValue().runTask()
}
