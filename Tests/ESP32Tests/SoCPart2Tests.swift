// SPDX-License-Identifier: MIT
import CMbedCrypto
import ESP32
import Testing
import XtensaCore

/// The second half of the SoC through the bus: the APP CPU's run controls, the flash cache MMU, the SPI flash
/// controller and the RSA accelerator's Montgomery multiplication.
@Suite struct SoCPart2Tests {
    func read(_ machine: ESP32Machine, _ address: UInt32) -> UInt32 {
        machine.addressSpace.dataRead(address, size: 4) ?? 0xDEAD_BEEF
    }

    func write(_ machine: ESP32Machine, _ address: UInt32, _ value: UInt32) {
        #expect(machine.addressSpace.dataWrite(address, size: 4, value: value))
    }

    @Test func theAppCPUStartsAtItsBootAddressOnceReleased() {
        let machine = PeripheralTests.idleMachine()
        #expect(!machine.app.isRunning)  // held in reset
        write(machine, 0x3FF0_0030, 1)  // clock on
        write(machine, 0x3FF0_002C, 1)
        write(machine, 0x3FF0_002C, 0)  // release: waits for the address
        #expect(!machine.app.isRunning)
        write(machine, 0x3FF0_0038, 0x4008_0000)  // the WAITI loop
        #expect(machine.app.isRunning)
        #expect(machine.app.core.pc == 0x4008_0000)
        #expect(machine.app.core.specialRegister(SpecialRegister.prid) == 0xABAB)
        _ = machine.run(cycles: 1000)
        #expect(machine.app.core.isWaiting)
        write(machine, 0x3FF0_0034, 1)  // run-stall
        #expect(!machine.app.isRunning)
        write(machine, 0x3FF0_0034, 0)
        write(machine, 0x3FF4_80AC, 0x21 << 20)  // RTC stall of the APP CPU: C1 = 0x21,
        write(machine, 0x3FF4_8000, 2)  // C0 = 2 → 0x86
        #expect(!machine.app.isRunning)
        write(machine, 0x3FF4_8000, 0)
        #expect(machine.app.isRunning)
    }

    @Test func mmuEntriesMapFlashPagesIntoTheWindowsOfEachCPU() throws {
        var options = MachineOptions()
        var contents = [UInt8](repeating: 0xFF, count: 4 << 20)
        contents.replaceSubrange(0x20_0000..<0x20_0004, with: [0x11, 0x22, 0x33, 0x44])
        options.flashContents = contents
        let machine = try ESP32Machine(options: options)
        write(machine, 0x3FF1_0000 + 4 * 5, 0x20)  // PRO DROM entry 5 → flash page 0x20
        write(machine, 0x3FF0_0040, 1 << 3)  // PRO cache on
        write(machine, 0x3FF0_0044, 0)  // every window unmasked
        #expect(read(machine, 0x3F45_0000) == 0x4433_2211)
        #expect(machine.app.addressSpace.dataRead(0x3F45_0000, size: 4) == 0xBAAD_BAAD)  // APP cache still off
        write(machine, 0x3FF1_0000 + 4 * 5, 0x100)  // invalid
        #expect(read(machine, 0x3F45_0000) == 0xBAAD_BAAD)
        #expect(!machine.addressSpace.dataWrite(0x3F40_0000, size: 4, value: 0))  // windows are read-only
        write(machine, 0x3FF1_0000 + 4 * (64 + 13), 0x20)  // IRAM0 entry for 0x400D0000
        write(machine, 0x3FF0_0040, 1 << 4)  // flush (and cache off)
        #expect(read(machine, 0x3FF0_0040) & 1 << 5 != 0)  // FLUSH_DONE
        write(machine, 0x3FF0_0040, 1 << 3)
        #expect(read(machine, 0x400D_0000) == 0x4433_2211)
    }

    @Test func spiOneHotCommandsReadEraseAndProgramTheFlash() throws {
        let machine = PeripheralTests.idleMachine()
        let spi1: UInt32 = 0x3FF4_2000
        write(machine, spi1 + 0x00, 1 << 28)  // RDID
        #expect(read(machine, spi1 + 0x80) & 0xFF_FFFF == 0x16_40C8)
        write(machine, spi1 + 0x80, 0xDDCC_BBAA)
        write(machine, spi1 + 0x04, 0x1000 | 4 << 24)
        write(machine, spi1 + 0x00, 1 << 25)  // PP without WREN: refused
        write(machine, spi1 + 0x00, 1 << 30)  // WREN
        write(machine, spi1 + 0x10, 0)
        write(machine, spi1 + 0x00, 1 << 27)  // RDSR: WEL
        #expect(read(machine, spi1 + 0x10) & 3 == 2)
        write(machine, spi1 + 0x00, 1 << 25)  // PP
        #expect(Array(machine.flash.contents[0x1000..<0x1005]) == [0xAA, 0xBB, 0xCC, 0xDD, 0xFF])
        write(machine, spi1 + 0x00, 1 << 31 | 1 << 30)  // two bits: ignored
        write(machine, spi1 + 0x80, 0)
        write(machine, spi1 + 0x2C, 31)  // MISO_DLEN: 4 bytes
        write(machine, spi1 + 0x00, 1 << 31)  // READ
        #expect(read(machine, spi1 + 0x80) == 0xDDCC_BBAA)
        write(machine, spi1 + 0x00, 1 << 30)
        write(machine, spi1 + 0x00, 1 << 24)  // SE of the sector at 0x1000
        #expect(machine.flash.contents[0x1000] == 0xFF)
        #expect(!machine.flash.contents.isEmpty && machine.flash.isModified)
        // USR: command 0x03 with a left-aligned 24-bit address, 4 MISO bytes.
        write(machine, spi1 + 0x1C, 1 << 31 | 1 << 30 | 1 << 28)
        write(machine, spi1 + 0x24, 7 << 28 | 0x03)
        write(machine, spi1 + 0x04, 0x0800 << 8)
        write(machine, spi1 + 0x00, 1 << 18)
        #expect(read(machine, spi1 + 0x80) == 0xFFFF_FFFF)
        #expect(read(machine, spi1 + 0x00) == 0)
    }

    @Test func rsaMontgomeryMultiplicationMatchesTheDefinition() {
        let machine = PeripheralTests.idleMachine()
        func limbs(_ seed: UInt32) -> [UInt32] { (0..<16).map { seed &* 2_654_435_761 &+ UInt32($0) &* 40_503 } }
        var modulus = limbs(3)
        modulus[0] |= 1
        modulus[15] |= 0x8000_0000
        let x = limbs(5).map { $0 & 0x7FFF_FFFF }, z = limbs(7).map { $0 & 0x7FFF_FFFF }
        for (offset, words) in [(UInt32(0x000), modulus), (0x600, x), (0x200, z)] {
            for (index, word) in words.enumerated() { write(machine, 0x3FF0_2000 + offset + UInt32(4 * index), word) }
        }
        write(machine, 0x3FF0_280C, 0)
        write(machine, 0x3FF0_2810, 1)
        #expect(read(machine, 0x3FF0_2814) == 1)
        let result = (0..<16).map { read(machine, 0x3FF0_2200 + UInt32(4 * $0)) }

        // Expected: X · Z · R⁻¹ mod M with R = 2^512, by mbedtls.
        func number(_ words: [UInt32]) -> UnsafeMutablePointer<mbedtls_mpi> {
            let pointer = UnsafeMutablePointer<mbedtls_mpi>.allocate(capacity: 1)
            mbedtls_mpi_init(pointer)
            let bytes = words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
            _ = mbedtls_mpi_read_binary_le(pointer, bytes, bytes.count)
            return pointer
        }
        let m = number(modulus), product = number(x), r = number([]), rInverse = number([])
        defer { for p in [m, product, r, rInverse] { mbedtls_mpi_free(p); p.deallocate() } }
        _ = mbedtls_mpi_lset(r, 1)
        _ = mbedtls_mpi_shift_l(r, 512)
        _ = mbedtls_mpi_inv_mod(rInverse, r, m)
        let zNumber = number(z)
        defer { mbedtls_mpi_free(zNumber); zNumber.deallocate() }
        _ = mbedtls_mpi_mul_mpi(product, product, zNumber)
        _ = mbedtls_mpi_mul_mpi(product, product, rInverse)
        _ = mbedtls_mpi_mod_mpi(product, product, m)
        var bytes = [UInt8](repeating: 0, count: 64)
        _ = mbedtls_mpi_write_binary_le(product, &bytes, 64)
        let expected = (0..<16).map { index in
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[4 * index + $1]) << (8 * $1) }
        }
        #expect(result == expected)
    }
}
