import ESP32
// SPDX-License-Identifier: MIT
import Testing
import XtensaCore

/// The SoC's peripherals through the bus, as firmware sees them, with time advanced by running the machine
/// over an idle CPU (a WAITI loop at the reset vector).
@Suite struct PeripheralTests {
    /// A machine whose CPU sleeps in `waiti 0` forever (IRAM at 0x40080000: WAITI 0, then J back to it).
    static func idleMachine(_ options: MachineOptions = MachineOptions()) -> ESP32Machine {
        let machine = try! ESP32Machine(options: options)
        let program: [UInt8] = [0x00, 0x70, 0x00, 0x46, 0xFE, 0xFF]
        #expect(machine.addressSpace.load(program, at: 0x4008_0000))
        machine.core.reset(resetVector: 0x4008_0000)
        return machine
    }

    func read(_ machine: ESP32Machine, _ address: UInt32) -> UInt32 {
        machine.addressSpace.dataRead(address, size: 4) ?? 0xDEAD_BEEF
    }

    func write(_ machine: ESP32Machine, _ address: UInt32, _ value: UInt32) {
        #expect(machine.addressSpace.dataWrite(address, size: 4, value: value))
    }

    func advance(_ machine: ESP32Machine, microseconds: UInt64) {
        _ = machine.run(cycles: machine.clock.cycles(microseconds: microseconds))
    }

    // MARK: - Memory map

    @Test func unmappedAddressesFaultAndTheInstructionBusTakesOnlyAlignedWords() {
        let machine = Self.idleMachine()
        let space = machine.addressSpace
        #expect(space.dataRead(0x2000_0000, size: 4) == nil)  // nothing there
        #expect(space.dataRead(0x3FFB_0000, size: 1) != nil)  // DRAM: any width
        #expect(space.dataRead(0x4008_0000, size: 4) != nil)  // IRAM: aligned words only
        #expect(space.dataRead(0x4008_0000, size: 1) == nil)
        #expect(space.dataRead(0x4008_0002, size: 4) == nil)
        #expect(!space.dataWrite(0x4008_0001, size: 1, value: 0))
        #expect(space.dataWrite(0x3FF8_0000, size: 1, value: 7))  // RTC FAST memory
        #expect(space.dataRead(0x5000_0000, size: 2) != nil)  // RTC SLOW memory
    }

    @Test func theAPBMirrorReachesTheSameRegisters() {
        let machine = Self.idleMachine()
        write(machine, 0x3FF4_804C, 0x1234_5678)  // RTC_CNTL STORE0
        #expect(read(machine, 0x6000_804C) == 0x1234_5678)
        write(machine, 0x6000_8050, 0xCAFE)  // STORE1 through the mirror
        #expect(read(machine, 0x3FF4_8050) == 0xCAFE)
    }

    @Test func unmodelledBlocksReadZeroAndAreReportedOnce() {
        let machine = Self.idleMachine()
        var reports: [String] = []
        machine.onUnmodelledAccess = { reports.append($0) }
        #expect(read(machine, 0x3FF5_9000) == 0)  // LEDC
        write(machine, 0x3FF5_9004, 5)
        #expect(read(machine, 0x3FF5_9004) == 5)  // kept as written
        _ = read(machine, 0x3FF5_3000)  // I2C0
        #expect(reports == ["LEDC", "I2C0"])
        #expect(machine.unmodelledAccesses == ["LEDC", "I2C0"])
    }

    // MARK: - Interrupt matrix

    @Test func sourcesReachTheCPUOnlyWhereTheMatrixRoutesThem() {
        let machine = Self.idleMachine()
        let matrix = machine.matrix
        let uart0 = InterruptMatrix.Source.uart0
        #expect(read(machine, 0x3FF0_0104 + 4 * UInt32(uart0)) == InterruptMatrix.resetMapping)
        matrix.setLevel(source: uart0, asserted: true)
        #expect(machine.core.pendingInterrupts == 0)  // reset value 6: not connected
        write(machine, 0x3FF0_0104 + 4 * UInt32(uart0), 5)
        #expect(machine.core.pendingInterrupts == 1 << 5)
        // A second source on the same line keeps it up until both drop.
        write(machine, 0x3FF0_0104 + 4 * UInt32(InterruptMatrix.Source.uart1), 5)
        matrix.setLevel(source: InterruptMatrix.Source.uart1, asserted: true)
        matrix.setLevel(source: uart0, asserted: false)
        #expect(machine.core.pendingInterrupts == 1 << 5)
        matrix.setLevel(source: InterruptMatrix.Source.uart1, asserted: false)
        #expect(machine.core.pendingInterrupts == 0)
        // Remapping an asserted source moves it.
        matrix.setLevel(source: uart0, asserted: true)
        write(machine, 0x3FF0_0104 + 4 * UInt32(uart0), 23)
        #expect(machine.core.pendingInterrupts == 1 << 23)
    }

    @Test func bothCPUsHave69MapRegistersResettingTo6() {
        let machine = Self.idleMachine()
        for (base, source) in [(UInt32(0x3FF0_0104), 0), (0x3FF0_0104, 68), (0x3FF0_0218, 0), (0x3FF0_0218, 68)] {
            #expect(read(machine, base + 4 * UInt32(source)) == 6)
        }
        write(machine, 0x3FF0_0218 + 4 * UInt32(InterruptMatrix.Source.uart0), 5)  // APP CPU map
        #expect(read(machine, 0x3FF0_0218 + 4 * UInt32(InterruptMatrix.Source.uart0)) == 5)
        machine.matrix.setLevel(source: InterruptMatrix.Source.uart0, asserted: true)
        #expect(machine.core.pendingInterrupts == 0)  // the PRO CPU's map still says 6
    }

    // MARK: - UART

    @Test func uartTransmitsAndReceivesThroughItsFIFOs() {
        let machine = Self.idleMachine()
        var sent: [UInt8] = []
        machine.uarts[0].output = { sent.append($0) }
        for byte in Array("hi".utf8) { write(machine, 0x3FF4_0000, UInt32(byte)) }
        #expect(sent == Array("hi".utf8))

        machine.uarts[0].receive(Array(repeating: 0x41, count: 200))  // more than the 128-byte FIFO
        #expect(read(machine, 0x3FF4_001C) & 0xFF == 128)  // STATUS.RXFIFO_CNT
        #expect(read(machine, 0x3FF4_0000) == 0x41)
        #expect(read(machine, 0x3FF4_001C) & 0xFF == 128)  // refilled from the host queue
        for _ in 0..<199 { _ = read(machine, 0x3FF4_0000) }
        #expect(read(machine, 0x3FF4_001C) & 0xFF == 0)
        #expect(!machine.uarts[0].hasPendingInput)
    }

    @Test func uartRaisesFIFOFullAtItsThresholdAndTimesOutAfterSilence() {
        let machine = Self.idleMachine()
        write(machine, 0x3FF0_0104 + 4 * UInt32(InterruptMatrix.Source.uart0), 5)
        write(machine, 0x3FF4_0024, 1 << 31 | 2 << 24 | 4)  // timeout 2 symbols, full at 4
        write(machine, 0x3FF4_000C, 1 << 0 | 1 << 8)  // INT_ENA
        machine.uarts[0].receive(Array("abc".utf8))
        #expect(read(machine, 0x3FF4_0004) & 1 == 0)  // 3 < 4: not full
        #expect(machine.core.pendingInterrupts == 0)
        advance(machine, microseconds: 500)  // > 2 symbol times at 115200 baud
        #expect(read(machine, 0x3FF4_0004) & 1 << 8 != 0)  // RXFIFO_TOUT
        #expect(machine.core.pendingInterrupts == 1 << 5)
        write(machine, 0x3FF4_0010, 1 << 8)  // INT_CLR
        #expect(machine.core.pendingInterrupts == 0)
        machine.uarts[0].receive(Array("d".utf8))
        #expect(read(machine, 0x3FF4_0008) & 1 != 0)  // INT_ST.RXFIFO_FULL
        #expect(machine.core.pendingInterrupts == 1 << 5)
    }

    // MARK: - Timer groups

    @Test func timerCountsAPBTicksThroughItsDividerAndAlarms() {
        let machine = Self.idleMachine()
        let timg0: UInt32 = 0x3FF5_F000
        write(machine, timg0 + 0x00, 1 << 31 | 1 << 30 | 80 << 13)  // enabled, up, divider 80: 1 µs
        advance(machine, microseconds: 1234)
        write(machine, timg0 + 0x0C, 1)  // latch
        #expect(read(machine, timg0 + 0x04) == 1234)
        write(machine, timg0 + 0x10, 2000)  // alarm at 2000 µs
        write(machine, timg0 + 0x98, 1)  // INT_ENA T0
        write(machine, timg0 + 0x00, 1 << 31 | 1 << 30 | 1 << 10 | 80 << 13)
        advance(machine, microseconds: 700)
        #expect(read(machine, timg0 + 0x9C) & 1 == 0)
        advance(machine, microseconds: 100)
        #expect(read(machine, timg0 + 0x9C) & 1 == 1)
        #expect(machine.matrix.isAsserted(source: InterruptMatrix.Source.timerGroup0Level))
        #expect(read(machine, timg0 + 0x00) & 1 << 10 == 0)  // the alarm disarms itself
        write(machine, timg0 + 0xA4, 1)
        #expect(!machine.matrix.isAsserted(source: InterruptMatrix.Source.timerGroup0Level))
    }

    /// Arms TIMG0's watchdog: stage 0 resets the system after `microseconds`.
    func armWatchdog(_ machine: ESP32Machine, microseconds: UInt32, key: UInt32 = 0x50D8_3AA1) {
        let timg0: UInt32 = 0x3FF5_F000
        write(machine, timg0 + 0x64, key)
        write(machine, timg0 + 0x4C, 80 << 16)  // prescaler: 1 µs
        write(machine, timg0 + 0x50, microseconds)
        write(machine, timg0 + 0x48, 1 << 31 | 3 << 29)  // enable, stage 0: system reset
    }

    @Test func watchdogsResetOnlyWhenEnabledAndUnlocked() {
        let quiet = Self.idleMachine()
        armWatchdog(quiet, microseconds: 100)
        advance(quiet, microseconds: 1000)
        #expect(quiet.rtc.resetCause == RTCControl.ResetCause.powerOn.rawValue)  // off by default (--wdt)

        var options = MachineOptions()
        options.watchdogs = true
        let locked = Self.idleMachine(options)
        armWatchdog(locked, microseconds: 100, key: 0)
        advance(locked, microseconds: 1000)
        #expect(read(locked, 0x3FF5_F048) == 0x0004_C000)  // writes ignored without the key
        #expect(locked.rtc.resetCause == RTCControl.ResetCause.powerOn.rawValue)

        let armed = Self.idleMachine(options)
        armWatchdog(armed, microseconds: 100)
        advance(armed, microseconds: 90)
        write(armed, 0x3FF5_F060, 1)  // feed: the stage starts over
        advance(armed, microseconds: 90)
        #expect(armed.rtc.resetCause == RTCControl.ResetCause.powerOn.rawValue)
        advance(armed, microseconds: 50)
        #expect(armed.rtc.resetCause == RTCControl.ResetCause.timerGroup0System.rawValue)
    }

    // MARK: - RTC, eFuse, RNG

    @Test func softwareResetKeepsScratchRegistersAndReportsItsCause() {
        let machine = Self.idleMachine()
        #expect(read(machine, 0x3FF4_8034) & 0x3F == 1)  // power-on
        write(machine, 0x3FF4_804C, 0xABCD)
        write(machine, 0x3FF0_0104 + 4 * 14, 9)  // some matrix state
        write(machine, 0x3FF4_8000, 1 << 31)  // SW_SYS_RST
        advance(machine, microseconds: 1)
        #expect(read(machine, 0x3FF4_8034) & 0x3F == 3)
        #expect(read(machine, 0x3FF4_804C) == 0xABCD)
        #expect(read(machine, 0x3FF0_0104 + 4 * 14) == InterruptMatrix.resetMapping)
    }

    @Test func rtcTimeCountsTheSlowClock() {
        let machine = Self.idleMachine()
        advance(machine, microseconds: 2_000_000)
        write(machine, 0x3FF4_800C, 1 << 31)  // TIME_UPDATE
        #expect(read(machine, 0x3FF4_8010) == 300_000)  // 2 s of 150 kHz
    }

    @Test func efuseHoldsTheMACWithItsCRCAndChipRevision3() {
        for mac in [EFuse.defaultMAC, [0x02, 0x12, 0x34, 0x56, 0x78, 0x9A]] {
            var options = MachineOptions()
            options.mac = mac
            let machine = Self.idleMachine(options)
            let word1 = read(machine, 0x3FF5_A004), word2 = read(machine, 0x3FF5_A008)
            let readBack = [
                UInt8(word2 >> 8 & 0xFF), UInt8(word2 & 0xFF), UInt8(word1 >> 24), UInt8(word1 >> 16 & 0xFF),
                UInt8(word1 >> 8 & 0xFF), UInt8(word1 & 0xFF),
            ]
            #expect(readBack == mac)
            #expect(UInt8(word2 >> 16 & 0xFF) == EFuse.crc8(mac))
            #expect(read(machine, 0x3FF5_A00C) & 1 << 15 != 0 && read(machine, 0x3FF5_A014) & 1 << 20 != 0)
            #expect(read(machine, 0x3FF6_607C) & 1 << 31 != 0)
        }
        #expect(EFuse.crc8([0x24, 0x0A, 0xC4, 0x00, 0x00, 0x01]) == EFuse.crc8(EFuse.defaultMAC))
    }

    @Test func randomNumbersRepeatUnderTheSameSeedOnly() {
        func values(seed: UInt64) -> [UInt32] {
            var options = MachineOptions()
            options.seed = seed
            let machine = Self.idleMachine(options)
            return (0..<8).map { _ in read(machine, 0x3FF7_5144) }
        }
        #expect(values(seed: 1) == values(seed: 1))
        #expect(values(seed: 1) != values(seed: 2))
        #expect(Set(values(seed: 1)).count == 8)
        #expect(read(Self.idleMachine(), 0x6003_5144) != 0)  // the APB mirror address ESP-IDF uses
    }
}
