// SPDX-License-Identifier: MIT
// Crashes on request, to test what users see when firmware goes wrong. It prints "crash: choose>" and reads
// one letter from UART0:
//   d  a double exception (a fault while PS.EXCM is set): the emulator stops with its crash report, exit 3
//   i  an illegal instruction: the firmware's panic handler prints a Guru Meditation report and halts
//   l  a load from an unmapped address: the same, with EXCVADDR
import _Volatile

@_extern(c, "crash_double_exception") func crashDoubleException()
@_extern(c, "crash_illegal_instruction") func crashIllegalInstruction()
@_extern(c, "crash_load") func crashLoad(_ address: UInt32) -> UInt32

/// Reads one byte from UART0, polling (STATUS.RXFIFO_CNT, then the FIFO register).
func readByte() -> UInt8 {
    let status = VolatileMappedRegister<UInt32>(unsafeBitPattern: 0x3FF4_001C)
    let fifo = VolatileMappedRegister<UInt32>(unsafeBitPattern: 0x3FF4_0000)
    while status.load() & 0xFF == 0 {}
    return UInt8(truncatingIfNeeded: fifo.load())
}

/// A few frames of depth, so that backtraces have something to show.
@inline(never)
func descend(_ depth: Int, _ choice: UInt8) {
    if depth > 0 {
        descend(depth - 1, choice)
        return
    }
    switch choice {
    case UInt8(ascii: "d"): crashDoubleException()
    case UInt8(ascii: "i"): crashIllegalInstruction()
    case UInt8(ascii: "l"): print("crash: read \(crashLoad(0x2000_0000))")
    default: print("crash: unknown choice")
    }
}

@c public func app_main() {
    print("crash: choose>")
    let choice = readByte()
    print("crash: \(choice == UInt8(ascii: "d") ? "double exception" : "exception") coming")
    descend(3, choice)
}
