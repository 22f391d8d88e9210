// SPDX-License-Identifier: MIT
// Exercises the ESP32 peripherals of the SoC model the way ESP-IDF's drivers use them, and prints one line per
// check: "soc_check: <name> ok ..." or "soc_check: <name> FAILED ...". The host tests read these lines.
//
// Order: reset cause → eFuse MAC and chip revision → RNG → an unmodelled block → TIMG0 alarm through the
// interrupt matrix at level 1 and at level 3 → CCOMPARE0 → deep recursion under a fast timer interrupt → UART0 RX interrupt on a
// line typed by the host → software reset, after which the second boot reports its cause and the scratch
// register it kept.
import _Volatile

/// Peripheral registers (ESP32 TRM), at their DPORT-bus addresses.
enum Reg {
    static let rtcOptions0: UInt = 0x3FF4_8000
    static let rtcResetState: UInt = 0x3FF4_8034
    static let rtcStore0: UInt = 0x3FF4_804C
    static let efuseBlock0: UInt = 0x3FF5_A000
    static let apbDate: UInt = 0x3FF6_607C
    static let random: UInt = 0x3FF7_5144
    static let timg0: UInt = 0x3FF5_F000
    static let proInterruptMap: UInt = 0x3FF0_0104
    static let uart0: UInt = 0x3FF4_0000
}

/// ESP-IDF's interrupt sources and the CPU interrupts we route them to.
enum Source {
    static let timerGroup0T0Level: UInt = 14
    static let uart0: UInt = 34
}

func report(_ name: StaticString, _ passed: Bool, _ detail: String) {
    print("soc_check: \(name) \(passed ? "ok" : "FAILED") \(detail)")
}

// MARK: - eFuse, RNG

func checkEFuse() {
    let word1 = register(Reg.efuseBlock0 + 4).load()
    let word2 = register(Reg.efuseBlock0 + 8).load()
    let mac: [UInt8] = [UInt8(truncatingIfNeeded: word2 >> 8), UInt8(truncatingIfNeeded: word2),
                        UInt8(truncatingIfNeeded: word1 >> 24), UInt8(truncatingIfNeeded: word1 >> 16),
                        UInt8(truncatingIfNeeded: word1 >> 8), UInt8(truncatingIfNeeded: word1)]
    var crc: UInt8 = 0
    for var byte in mac {
        for _ in 0..<8 {
            let mix = (crc ^ byte) & 1
            crc >>= 1
            if mix != 0 { crc ^= 0x8C }
            byte >>= 1
        }
    }
    var text = ""
    for (index, byte) in mac.enumerated() { text += (index == 0 ? "" : ":") + hexDigits(UInt32(byte), 2) }
    report("efuse-mac", crc == UInt8(truncatingIfNeeded: word2 >> 16), "mac \(text)")

    let revision1 = register(Reg.efuseBlock0 + 12).load() >> 15 & 1
    let revision2 = register(Reg.efuseBlock0 + 20).load() >> 20 & 1
    let revision3 = register(Reg.apbDate).load() >> 31
    let revision = revision1 == 0 ? 0 : revision2 == 0 ? 1 : revision3 == 0 ? 2 : 3
    report("chip-revision", revision == 3, "revision \(revision)")
}

/// A block the emulator does not model (LEDC) reads as zero and keeps what is written (--log unimp names it).
func checkUnmodelledPeripheral() {
    let ledcConfig = register(0x3FF5_9000)
    let before = ledcConfig.load()
    ledcConfig.store(0x5A)
    report("unmodelled-peripheral", before == 0 && ledcConfig.load() == 0x5A, "LEDC reads \(before)")
}

func checkRandom() {
    var values: [UInt32] = []
    for _ in 0..<4 { values.append(register(Reg.random).load()) }
    var text = ""
    for value in values { text += " " + hex(value) }
    let distinct = values[0] != values[1] || values[1] != values[2] || values[2] != values[3]
    report("rng", distinct, "values" + text)
}

// MARK: - TIMG0 T0 alarm through the interrupt matrix

/// What the alarm handler saw.
struct AlarmRecord {
    var count: UInt32 = 0
    var level: UInt32 = 0
}
nonisolated(unsafe) var alarmRecord = AlarmRecord()

let timerAlarmHandler: InterruptHandler = { _ in
    let timg = Reg.timg0
    alarmRecord.count += 1
    alarmRecord.level = currentPS() & 0xF
    register(timg + 0xA4).store(1)     // INT_CLR_TIMERS: T0
}

/// Arms T0 of TIMG0 (divider 80: 1 µs ticks) to alarm after `microseconds`, routed to `cpuInterrupt`.
func checkTimerAlarm(cpuInterrupt: UInt32, expectedLevel: UInt32, name: StaticString) {
    let timg = Reg.timg0
    alarmRecord = AlarmRecord()
    setInterruptHandler(cpuInterrupt, timerAlarmHandler, nil)
    register(Reg.proInterruptMap + 4 * Source.timerGroup0T0Level).store(cpuInterrupt)
    register(timg + 0x00).store(1 << 30 | 80 << 13)                 // stopped, counting up, divider 80
    register(timg + 0x18).store(0)                                 // LOAD = 0
    register(timg + 0x1C).store(0)
    register(timg + 0x20).store(1)                                 // load it
    register(timg + 0x10).store(10_000)                            // alarm at 10 ms
    register(timg + 0x14).store(0)
    register(timg + 0x98).store(register(timg + 0x98).load() | 1)  // INT_ENA_TIMERS: T0
    enableInterrupts(1 << cpuInterrupt)
    let start = cycleCount()
    register(timg + 0x00).store(1 << 31 | 1 << 30 | 1 << 11 | 1 << 10 | 80 << 13)   // enable, level int, alarm
    sleep { alarmRecord.count > 0 }
    let elapsedMicroseconds = (cycleCount() &- start) / 240
    disableInterrupts(1 << cpuInterrupt)
    register(timg + 0x00).store(0)
    register(Reg.proInterruptMap + 4 * Source.timerGroup0T0Level).store(6)   // unrouted again
    let passed = alarmRecord.count == 1 && alarmRecord.level == expectedLevel
        && elapsedMicroseconds >= 10_000 && elapsedMicroseconds < 10_500
    report(name, passed, "cpu interrupt \(cpuInterrupt) at level \(alarmRecord.level) after \(elapsedMicroseconds) us")
}

// MARK: - CCOMPARE0 (CPU interrupt 6, level 1)

nonisolated(unsafe) var compareCount: UInt32 = 0
nonisolated(unsafe) var comparePeriod: UInt32 = 0

let compareHandler: InterruptHandler = { _ in
    compareCount += 1
    if comparePeriod != 0 {
        setCycleCompare(0, cycleCount() &+ comparePeriod)
    } else {
        setCycleCompare(0, 0)   // acknowledges the interrupt (writing CCOMPARE0 clears it)
    }
}

func checkCycleCompare() {
    compareCount = 0
    comparePeriod = 0
    setInterruptHandler(6, compareHandler, nil)
    let start = cycleCount()
    setCycleCompare(0, start &+ 2_400_000)        // 10 ms at 240 MHz
    enableInterrupts(1 << 6)
    sleep { compareCount > 0 }
    let elapsed = cycleCount() &- start
    disableInterrupts(1 << 6)
    report("ccompare", compareCount == 1 && elapsed >= 2_400_000 && elapsed < 2_500_000, "after \(elapsed) cycles")
}

// MARK: - Deep recursion while a timer interrupts every few hundred instructions

/// Recursion that keeps many register windows live (CALL8/CALL12 frames), so interrupts arrive with the
/// window file full and the entry code must spill it.
@inline(never)
func recursiveSum(_ depth: UInt32, _ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt32 {
    if depth == 0 { return a &* 3 &+ b &* 5 &+ c }
    let left = recursiveSum(depth - 1, a &+ depth, b ^ depth, c &+ 1)
    return left &+ (depth &* a) ^ (b &+ c)
}

func checkRecursionUnderInterrupts() {
    // A register the optimizer cannot see through (RTC scratch 1 reads 0), so that the calls really happen.
    let bias = register(Reg.rtcStore0 + 4).load()
    var expected: [UInt32] = []
    for round in UInt32(0)..<100 { expected.append(recursiveSum(40, round &+ bias, 2, 3)) }
    compareCount = 0
    comparePeriod = 1000
    setInterruptHandler(6, compareHandler, nil)
    setCycleCompare(0, cycleCount() &+ comparePeriod)
    enableInterrupts(1 << 6)
    var mismatches = 0
    for round in UInt32(0)..<100 where recursiveSum(40, round &+ bias, 2, 3) != expected[Int(round)] {
        mismatches += 1
    }
    disableInterrupts(1 << 6)
    comparePeriod = 0
    report("recursion-under-interrupts", mismatches == 0 && compareCount > 50,
           "\(compareCount) interrupts, \(mismatches) wrong results")
}

// MARK: - UART0 RX interrupt

nonisolated(unsafe) var receivedLine: [UInt8] = []
nonisolated(unsafe) var lineComplete = false
nonisolated(unsafe) var receiveInterrupts: UInt32 = 0

let uartHandler: InterruptHandler = { _ in
    let uart = Reg.uart0
    receiveInterrupts += 1
    while register(uart + 0x1C).load() & 0xFF != 0 {         // STATUS.RXFIFO_CNT
        let byte = UInt8(truncatingIfNeeded: register(uart + 0x00).load())
        if byte == 0x0A { lineComplete = true } else if byte != 0x0D { receivedLine.append(byte) }
    }
    register(uart + 0x10).store(1 << 0 | 1 << 8)             // INT_CLR: RXFIFO_FULL, RXFIFO_TOUT
}

func checkUARTReceive() {
    let uart = Reg.uart0
    let cpuInterrupt: UInt32 = 5
    setInterruptHandler(cpuInterrupt, uartHandler, nil)
    register(Reg.proInterruptMap + 4 * Source.uart0).store(cpuInterrupt)
    register(uart + 0x24).store(1 << 31 | 10 << 24 | 16)      // RX timeout on, 10 symbols; FIFO-full at 16
    register(uart + 0x0C).store(1 << 0 | 1 << 8)              // INT_ENA: RXFIFO_FULL, RXFIFO_TOUT
    enableInterrupts(1 << cpuInterrupt)
    print("soc_check: type a line>")
    sleep { lineComplete }
    disableInterrupts(1 << cpuInterrupt)
    register(uart + 0x0C).store(0)
    let line = String(decoding: receivedLine, as: UTF8.self)
    report("uart-rx-interrupt", !receivedLine.isEmpty, "received \"\(line)\" in \(receiveInterrupts) interrupts")
}

// MARK: - Reset cause and software reset

let scratchMarker: UInt32 = 0x5EED_1234

@c public func app_main() {
    let cause = register(Reg.rtcResetState).load() & 0x3F
    print("soc_check: boot, reset cause \(cause)")
    if cause == 3 {
        let scratch = register(Reg.rtcStore0).load()
        report("software-reset", scratch == scratchMarker, "cause \(cause), scratch kept \(hex(scratch))")
        print("soc_check: done")
        return
    }
    checkEFuse()
    checkRandom()
    checkUnmodelledPeripheral()
    checkTimerAlarm(cpuInterrupt: 9, expectedLevel: 1, name: "timg-alarm-level1")
    checkTimerAlarm(cpuInterrupt: 23, expectedLevel: 3, name: "timg-alarm-level3")
    checkCycleCompare()
    checkRecursionUnderInterrupts()
    checkUARTReceive()
    for byte in "soc_check: hello on UART1\n".utf8 { register(0x3FF5_0000).store(UInt32(byte)) }
    print("soc_check: requesting a software reset")
    register(Reg.rtcStore0).store(scratchMarker)
    register(Reg.rtcOptions0).store(register(Reg.rtcOptions0).load() | 1 << 31)   // SW_SYS_RST
    while true {}
}
