// SPDX-License-Identifier: MIT
// The first firmware the emulator runs: a greeting on UART0, then a numbered line per delay-loop round.

@_extern(c, "fw_console_write") func consoleWrite(_ bytes: UnsafePointer<UInt8>, _ count: Int)

func write(_ text: StaticString) {
    consoleWrite(text.utf8Start, text.utf8CodeUnitCount)
}

/// Writes `value` in decimal without the heap: digits are produced into a stack buffer.
func write(_ value: UInt32) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { digits in
        var remaining = value
        var count = 0
        repeat {
            digits[9 - count] = UInt8(truncatingIfNeeded: remaining % 10) &+ 0x30
            remaining /= 10
            count += 1
        } while remaining != 0
        consoleWrite(digits.baseAddress! + 10 - count, count)
    }
}

/// Busy-waits for roughly `iterations` loop rounds; the volatile-like opaque counter keeps the loop alive.
@inline(never)
func delay(_ iterations: UInt32) {
    var counter: UInt32 = 0
    while counter < iterations {
        counter = opaqueIncrement(counter)
    }
}

@inline(never)
func opaqueIncrement(_ value: UInt32) -> UInt32 { value &+ 1 }

@c public func app_main() {
    write("Hello from Embedded Swift on the ESP32!\n")
    for round in UInt32(1)...3 {
        delay(100_000)
        write("tick ")
        write(round)
        write("\n")
    }
    write("hello done\n")
}
