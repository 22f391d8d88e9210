// SPDX-License-Identifier: MIT
import XtensaCore

/// One of the ESP32's three UARTs (esp32_emu_anchors.md §2.3), as far as software can observe it:
/// 128-byte TX and RX FIFOs, the status counts, thresholds, the RX timeout, and the interrupt bits. TX bytes
/// leave immediately for the host; host input waits in a queue and enters the RX FIFO as space frees up.
///
/// Registers (offset: name): 0x00 FIFO, 0x04 INT_RAW, 0x08 INT_ST, 0x0C INT_ENA, 0x10 INT_CLR, 0x14 CLKDIV,
/// 0x18 AUTOBAUD, 0x1C STATUS, 0x20 CONF0, 0x24 CONF1, 0x28/0x2C LOW/HIGHPULSE, 0x30 RXD_CNT, 0x58 MEM_CONF,
/// 0x5C MEM_TX_STATUS, 0x60 MEM_RX_STATUS, 0x78 DATE; other offsets are plain storage.
public final class UART: MemoryMappedDevice {
    public let name: String
    public static let fifoDepth = 128

    enum Register {
        static let fifo: UInt32 = 0x00
        static let intRaw: UInt32 = 0x04
        static let intStatus: UInt32 = 0x08
        static let intEnable: UInt32 = 0x0C
        static let intClear: UInt32 = 0x10
        static let clockDivider: UInt32 = 0x14
        static let autobaud: UInt32 = 0x18
        static let status: UInt32 = 0x1C
        static let conf0: UInt32 = 0x20
        static let conf1: UInt32 = 0x24
        static let lowPulse: UInt32 = 0x28
        static let highPulse: UInt32 = 0x2C
        static let rxdCount: UInt32 = 0x30
        static let memConf: UInt32 = 0x58
        static let memTxStatus: UInt32 = 0x5C
        static let memRxStatus: UInt32 = 0x60
        static let date: UInt32 = 0x78
    }

    /// INT_RAW/ST/ENA/CLR bits.
    public enum Interrupt {
        public static let rxFIFOFull: UInt32 = 1 << 0
        public static let txFIFOEmpty: UInt32 = 1 << 1
        public static let rxFIFOOverflow: UInt32 = 1 << 4
        public static let rxTimeout: UInt32 = 1 << 8
        public static let txDone: UInt32 = 1 << 14
    }

    private var registers = [UInt32](repeating: 0, count: 0x80 / 4)
    private var rxFIFO: [UInt8] = []
    private var hostInput: [UInt8] = []
    private var rawInterrupts: UInt32 = 0
    private var timeoutEvent: Scheduler.EventID?
    private let source: Int
    private let context: DeviceContext
    /// Receives every byte the firmware transmits.
    public var output: (UInt8) -> Void = { _ in }

    init(name: String, source: Int, context: DeviceContext) {
        self.name = name
        self.source = source
        self.context = context
        reset()
    }

    func reset() {
        registers = [UInt32](repeating: 0, count: 0x80 / 4)
        set(Register.clockDivider, 0x2B6)  // 115200 baud from the 80 MHz APB clock
        set(Register.conf0, 0x0800_001C)  // 8 data bits, 1 stop bit
        set(Register.conf1, 0x0000_6060 | 0x0A << 24)  // thresholds 96/96, timeout 10
        set(Register.date, 0x1512_2500)
        rxFIFO = []
        rawInterrupts = 0
        context.scheduler.cancel(timeoutEvent)
        timeoutEvent = nil
        updateInterrupts()
    }

    private func get(_ offset: UInt32) -> UInt32 { registers[Int(offset / 4)] }
    private func set(_ offset: UInt32, _ value: UInt32) { registers[Int(offset / 4)] = value }

    // MARK: - Host side

    /// Bytes typed into the UART by the host (a terminal, a test, `--send-on`).
    public func receive(_ bytes: [UInt8]) {
        hostInput += bytes
        refillFIFO()
    }

    /// Whether host input is still waiting to enter the RX FIFO.
    public var hasPendingInput: Bool { !hostInput.isEmpty || !rxFIFO.isEmpty }

    private func refillFIFO() {
        let space = UART.fifoDepth - rxFIFO.count
        guard space > 0, !hostInput.isEmpty else { return }
        let moved = min(space, hostInput.count)
        rxFIFO += hostInput.prefix(moved)
        hostInput.removeFirst(moved)
        armTimeout()
        updateInterrupts()
    }

    /// Time for one character (10 bits) at the configured baud rate, in CPU cycles.
    private var characterCycles: UInt64 {
        let divider =
            UInt64(get(Register.clockDivider) & 0xF_FFFF) * 16 + UInt64(get(Register.clockDivider) >> 20 & 0xF)
        let apbTicksPerBit = max(divider / 16, 1)
        return context.clock.cycles(apbTicks: apbTicksPerBit * 10)
    }

    /// RXFIFO_TOUT fires when data waits in the RX FIFO and nothing arrives for TOUT_THRD × 8 bit times.
    private func armTimeout() {
        context.scheduler.cancel(timeoutEvent)
        timeoutEvent = nil
        let conf1 = get(Register.conf1)
        guard conf1 & 0x8000_0000 != 0, !rxFIFO.isEmpty else { return }
        let threshold = UInt64(max(conf1 >> 24 & 0x7F, 1))
        let delay = threshold * 8 * characterCycles / 10
        timeoutEvent = context.scheduler.schedule(at: context.now() + delay, name: "\(name) RX timeout") {
            [weak self] in
            guard let self else { return }
            timeoutEvent = nil
            if !rxFIFO.isEmpty { rawInterrupts |= Interrupt.rxTimeout }
            updateInterrupts()
        }
    }

    // MARK: - Interrupts

    private func updateInterrupts() {
        let rxThreshold = Int(get(Register.conf1) & 0x7F)
        // The level bits follow the FIFOs. TX drains at once, so its FIFO is always at or below any
        // TXFIFO_EMPTY threshold and transmission is always done.
        rawInterrupts &= ~Interrupt.rxFIFOFull
        if rxFIFO.count >= max(rxThreshold, 1) { rawInterrupts |= Interrupt.rxFIFOFull }
        rawInterrupts |= Interrupt.txFIFOEmpty | Interrupt.txDone
        context.matrix.setLevel(source: source, asserted: rawInterrupts & get(Register.intEnable) != 0)
    }

    // MARK: - MemoryMappedDevice

    public func read(offset: UInt32, size: Int) -> UInt32 {
        let aligned = offset & ~3
        switch aligned {
        case Register.fifo:
            guard !rxFIFO.isEmpty else { return 0 }
            let byte = rxFIFO.removeFirst()
            refillFIFO()
            armTimeout()
            updateInterrupts()
            return UInt32(byte)
        case Register.intRaw: return rawInterrupts
        case Register.intStatus: return rawInterrupts & get(Register.intEnable)
        case Register.status: return UInt32(min(rxFIFO.count, 0xFF))  // TX count is always 0: it drains at once
        case Register.rxdCount: return get(Register.autobaud) & 1 != 0 ? 0x3FF : 0
        case Register.lowPulse, Register.highPulse: return 337
        case Register.memConf: return 1 << 3 | 1 << 7  // one 128-byte block each way
        case Register.memRxStatus: return UInt32(rxFIFO.count) << 13
        case Register.memTxStatus: return 0
        default: return aligned < 0x80 ? get(aligned) : 0
        }
    }

    public func write(offset: UInt32, size: Int, value: UInt32) {
        let aligned = offset & ~3
        switch aligned {
        case Register.fifo:
            output(UInt8(truncatingIfNeeded: value))
        case Register.intClear:
            rawInterrupts &= ~value
            if value & Interrupt.rxTimeout != 0 { armTimeout() }
        case Register.intRaw, Register.intStatus, Register.status:
            break  // read-only
        case Register.conf0:
            set(aligned, value)
            if value & 1 << 17 != 0 { rxFIFO = [] }  // RXFIFO_RST
        default:
            if aligned < 0x80 { set(aligned, value) }
        }
        updateInterrupts()
        if aligned == Register.conf1 { armTimeout() }
    }
}
