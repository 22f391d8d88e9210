// SPDX-License-Identifier: MIT
// The board console on the ESP32: UART0, polled, both ways. The ROM has already configured 115200 8N1 on real silicon;
// the emulator needs no configuration, so the driver only respects the TX FIFO depth.
import _Volatile

/// UART0 registers used by the console (ESP32 TRM, UART chapter).
private enum UART0 {
    /// Writing the low byte pushes it into the TX FIFO (UART_FIFO_REG, reached through the DPORT bus).
    static let fifo = VolatileMappedRegister<UInt32>(unsafeBitPattern: 0x3FF4_0000)
    /// UART_STATUS_REG: bits 23:16 count the bytes waiting in the TX FIFO, bits 7:0 those in the RX FIFO.
    static let status = VolatileMappedRegister<UInt32>(unsafeBitPattern: 0x3FF4_001C)
    static let txFIFODepth: UInt32 = 128
}

@c public func fw_console_write(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
    for index in 0..<count {
        while (UART0.status.load() >> 16) & 0xFF >= UART0.txFIFODepth - 1 {}
        UART0.fifo.store(UInt32(bytes[index]))
    }
}

/// Takes up to `count` bytes that have arrived on UART0; 0 when none are waiting.
@c public func fw_console_read(_ bytes: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    var taken = 0
    while taken < count && UART0.status.load() & 0xFF > 0 {
        bytes[taken] = UInt8(truncatingIfNeeded: UART0.fifo.load())
        taken += 1
    }
    return taken
}

@c public func fw_board_halt(_ status: Int32) -> Never {
    // A board has nothing to return to; the status only matters on the sim board.
    while true { fw_halt() }  // fw_halt does not return; C cannot say so to Swift
}

@_extern(c, "fw_halt") func fw_halt()
