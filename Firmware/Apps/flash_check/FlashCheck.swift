// SPDX-License-Identifier: MIT
// Runs from flash and talks to flash, the way ESP-IDF's ROM flash routines do: code in flash-mapped IROM,
// constants in DROM, and the SPI1 controller's one-hot commands (RDID, RDSR, WREN, SE, PP, READ) on the flash
// chip. Prints "flash_check: <name> ok ..." per check, then "flash_check: done".
//
// It also keeps a boot counter in flash (one more bit cleared per boot, as flash can only clear bits): run
// with --flash-persist and the count goes up from run to run; without, the flash file is never changed.
import _Volatile

/// SPI1 registers (ESP32 TRM, SPI chapter).
enum SPI1 {
    static let command = register(0x3FF4_2000)
    static let address = register(0x3FF4_2004)
    static let status = register(0x3FF4_2010)
    static let misoLength = register(0x3FF4_202C)
    static func data(_ word: Int) -> VolatileMappedRegister<UInt32> { register(0x3FF4_2080 + UInt(4 * word)) }

    static let read: UInt32 = 1 << 31
    static let writeEnable: UInt32 = 1 << 30
    static let readID: UInt32 = 1 << 28
    static let readStatus: UInt32 = 1 << 27
    static let pageProgram: UInt32 = 1 << 25
    static let sectorErase: UInt32 = 1 << 24

    /// Starts a command and waits until CMD reads 0 again, as the ROM's routines do.
    static func run(_ command: UInt32) {
        self.command.store(command)
        while self.command.load() != 0 {}
    }

    /// Waits until the chip is no longer busy (status WIP clear).
    static func waitIdle() {
        repeat {
            status.store(0)
            run(readStatus)
        } while status.load() & 1 != 0
    }

    static func readBytes(_ flashAddress: UInt32, _ count: Int) -> [UInt8] {
        address.store(flashAddress & 0xFF_FFFF)
        misoLength.store(UInt32(count * 8 - 1))
        run(read)
        return (0..<count).map { UInt8(truncatingIfNeeded: data($0 / 4).load() >> UInt32(8 * ($0 % 4))) }
    }

    static func eraseSector(_ flashAddress: UInt32) {
        run(writeEnable)
        address.store(flashAddress & 0xFF_FFFF)
        run(sectorErase)
        waitIdle()
    }

    static func program(_ flashAddress: UInt32, _ bytes: [UInt8]) {
        for word in 0..<(bytes.count + 3) / 4 {
            var value: UInt32 = 0
            for byte in 0..<4 where word * 4 + byte < bytes.count {
                value |= UInt32(bytes[word * 4 + byte]) << UInt32(8 * byte)
            }
            data(word).store(value)
        }
        run(writeEnable)
        address.store(flashAddress & 0xFF_FFFF | UInt32(bytes.count) << 24)
        run(pageProgram)
        waitIdle()
    }
}

func report(_ name: StaticString, _ passed: Bool, _ detail: String) {
    print("flash_check: \(name) \(passed ? "ok" : "FAILED") \(detail)")
}

/// A constant the linker puts in DROM (.rodata, flash-mapped): reading it goes through the data cache.
let constantText: StaticString = "constant text that lives in flash"

/// A sector outside every partition, for the erase/program/read test; and one for the boot counter.
let scratchSector: UInt32 = 0x3F_0000
let counterSector: UInt32 = 0x3F_1000

@c public func app_main() {
    SPI1.run(SPI1.readID)
    let id = SPI1.data(0).load() & 0xFF_FFFF
    report("rdid", id & 0xFF != 0, "id \(hex(id & 0xFF, digits: 2)) \(hex(id >> 8 & 0xFF, digits: 2)) \(hex(id >> 16, digits: 2))")

    let textAddress = UInt32(UInt(bitPattern: constantText.utf8Start))
    var sum: UInt32 = 0
    for index in 0..<constantText.utf8CodeUnitCount { sum = sum &+ UInt32(constantText.utf8Start[index]) }
    report("drom-constants", (0x3F40_0000..<0x3F80_0000).contains(textAddress) && sum == 3208,
           "at \(hex(textAddress)), byte sum \(sum)")

    SPI1.eraseSector(scratchSector)
    let erased = SPI1.readBytes(scratchSector, 16)
    let message: [UInt8] = Array("esp32emu flash!!".utf8)
    SPI1.program(scratchSector, message)
    let readBack = SPI1.readBytes(scratchSector, 16)
    report("erase-program-read", erased.allSatisfy { $0 == 0xFF } && readBack == message,
           "read back \"\(String(decoding: readBack, as: UTF8.self))\"")

    // The same bytes through the cache: DROM MMU entry 63 maps virtual 0x3F7F0000 to flash page 0x3F.
    let mmuEntry = register(0x3FF1_0000 + 4 * 63)
    let previous = mmuEntry.load()
    mmuEntry.store(scratchSector >> 16)
    let cached = register(0x3F7F_0000).load()
    mmuEntry.store(0x100)                       // invalid: reads the fill value
    let invalid = register(0x3F7F_0000).load()
    mmuEntry.store(previous)
    report("mmu-window", cached == 0x3370_7365 && invalid == 0xBAAD_BAAD,
           "0x3f7f0000 reads \(hex(cached)), invalid entry \(hex(invalid))")

    let counter = SPI1.readBytes(counterSector, 4)
    var word = UInt32(counter[0]) | UInt32(counter[1]) << 8 | UInt32(counter[2]) << 16 | UInt32(counter[3]) << 24
    let boots = 32 - word.nonzeroBitCount
    word &= word &- 1                           // clear the lowest set bit: one more boot
    SPI1.program(counterSector, [UInt8(truncatingIfNeeded: word), UInt8(truncatingIfNeeded: word >> 8),
                                 UInt8(truncatingIfNeeded: word >> 16), UInt8(truncatingIfNeeded: word >> 24)])
    print("flash_check: boot count \(boots + 1)")
    print("flash_check: done")
}
