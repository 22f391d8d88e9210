// SPDX-License-Identifier: MIT
import XtensaCore

/// SPI0 or SPI1 as a flash controller (esp32_emu_anchors.md §2.9): writing a one-hot command to CMD runs the
/// whole transaction with the flash chip on CS0 at once, so CMD reads 0 — "done" — whenever firmware polls it.
///
/// Registers: 0x00 CMD, 0x04 ADDR, 0x08 CTRL, 0x0C CTRL1, 0x10 RD_STATUS, 0x14 CTRL2, 0x18 CLOCK, 0x1C USER,
/// 0x20 USER1, 0x24 USER2, 0x28 MOSI_DLEN, 0x2C MISO_DLEN, 0x34 PIN, 0x38 SLAVE, 0x80–0xBC W0–W15 (the 64-byte
/// data buffer, bytes in little-endian order), 0xF8 EXT2. Other offsets are stored.
///
/// One-hot commands (exactly one CMD bit; anything else is ignored) take the 24-bit flash address from ADDR
/// bits 23:0; READ takes its length from MISO_DLEN, PP from ADDR bits 31:24. RDID puts the three ID bytes in
/// W0 (first byte lowest); RDSR reads into RD_STATUS bits 7:0, WRSR writes one byte from there.
/// USR runs the user-defined phases: COMMAND (USER2's value, low byte first), ADDR (left-aligned in ADDR: the
/// 24-bit flash address is ADDR bits 31:8, and any bits below are mode bits), DUMMY, MOSI (from W0…), MISO
/// (into W0…). Reads are served by meaning, so dummy and mode bits need no cycle counting.
final class SPIController: MemoryMappedDevice {
    let name: String

    enum Register {
        static let command: UInt32 = 0x00
        static let address: UInt32 = 0x04
        static let status: UInt32 = 0x10
        static let user: UInt32 = 0x1C
        static let user1: UInt32 = 0x20
        static let user2: UInt32 = 0x24
        static let mosiLength: UInt32 = 0x28
        static let misoLength: UInt32 = 0x2C
        static let pin: UInt32 = 0x34
        static let slave: UInt32 = 0x38
        static let data: ClosedRange<UInt32> = 0x80...0xBC
        static let ext2: UInt32 = 0xF8
    }

    /// CMD bits and the flash command each sends.
    static let commands: [(bit: UInt32, opcode: UInt8)] = [
        (31, 0x03),  // READ
        (30, 0x06),  // WREN
        (29, 0x04),  // WRDI
        (28, 0x9F),  // RDID
        (27, 0x05),  // RDSR
        (26, 0x01),  // WRSR
        (25, 0x02),  // PP
        (24, 0x20),  // SE
        (23, 0xD8),  // BE
        (22, 0x60),  // CE
        (21, 0xB9),  // DP
        (20, 0xAB),  // RES
    ]
    static let userCommandBit: UInt32 = 1 << 18

    private var registers = [UInt32](repeating: 0, count: 0x100 / 4)
    private let flash: FlashChip

    init(name: String, flash: FlashChip) {
        self.name = name
        self.flash = flash
        registers[Int(Register.user1 / 4)] = 23 << 26 | 7  // 24 address bits, 8 dummy cycles
        registers[Int(Register.pin / 4)] = 0x6  // only CS0 active
    }

    private func get(_ offset: UInt32) -> UInt32 { registers[Int(offset / 4)] }
    private func set(_ offset: UInt32, _ value: UInt32) { registers[Int(offset / 4)] = value }

    func read(offset: UInt32, size: Int) -> UInt32 {
        let aligned = offset & ~3
        switch aligned {
        case Register.command, Register.ext2: return 0  // idle: every command has finished
        case Register.slave: return get(aligned) | 1 << 4  // TRANS_DONE
        default: return aligned < 0x100 ? get(aligned) : 0
        }
    }

    func write(offset: UInt32, size: Int, value: UInt32) {
        let aligned = offset & ~3
        guard aligned < 0x100 else { return }
        if aligned == Register.command {
            execute(value)
        } else {
            set(aligned, value)
        }
    }

    // MARK: - Transactions

    private var buffer: [UInt8] {
        get {
            (0..<64).map {
                UInt8(truncatingIfNeeded: get(Register.data.lowerBound + UInt32($0 & ~3)) >> (8 * ($0 & 3)))
            }
        }
        set {
            for (index, byte) in newValue.prefix(64).enumerated() {
                let word = Register.data.lowerBound + UInt32(index & ~3), shift = UInt32(8 * (index & 3))
                set(word, get(word) & ~(0xFF << shift) | UInt32(byte) << shift)
            }
        }
    }

    private func execute(_ command: UInt32) {
        if command & SPIController.userCommandBit != 0 {
            executeUserCommand()
            return
        }
        guard command.nonzeroBitCount == 1,
            let (_, opcode) = SPIController.commands.first(where: { command == 1 << $0.bit })
        else { return }
        let address = Int(get(Register.address) & 0xFF_FFFF)
        switch opcode {
        case 0x03:
            buffer = flash.transaction(
                command: opcode, address: address, sent: [],
                receiving: min(64, Int(get(Register.misoLength) + 1) / 8))
        case 0x02:
            let count = min(64, Int(get(Register.address) >> 24))
            _ = flash.transaction(command: opcode, address: address, sent: Array(buffer.prefix(count)), receiving: 0)
        case 0x9F:
            let id = flash.transaction(command: opcode, address: 0, sent: [], receiving: 3)
            set(Register.data.lowerBound, UInt32(id[0]) | UInt32(id[1]) << 8 | UInt32(id[2]) << 16)
        case 0x05:
            let status = flash.transaction(command: opcode, address: 0, sent: [], receiving: 1)[0]
            set(Register.status, get(Register.status) & ~0xFF | UInt32(status))
        case 0x01:
            _ = flash.transaction(command: opcode, address: 0, sent: [UInt8(get(Register.status) & 0xFF)], receiving: 0)
        default:
            _ = flash.transaction(command: opcode, address: address, sent: [], receiving: 0)
        }
    }

    /// USR: command, address, dummy, MOSI and MISO phases as USER enables them.
    private func executeUserCommand() {
        let user = get(Register.user)
        guard user & 1 << 31 != 0 else { return }  // no command phase: nothing the flash would act on
        let opcode = UInt8(truncatingIfNeeded: get(Register.user2))
        var address = 0
        if user & 1 << 30 != 0 {
            let bits = Int(get(Register.user1) >> 26) + 1
            address = Int(get(Register.address) >> UInt32(32 - min(bits, 24)))
        }
        let sent = user & 1 << 27 != 0 ? Array(buffer.prefix(min(64, (Int(get(Register.mosiLength)) + 8) / 8))) : []
        let count = user & 1 << 28 != 0 ? min(64, (Int(get(Register.misoLength)) + 8) / 8) : 0
        let received = flash.transaction(command: opcode, address: address, sent: sent, receiving: count)
        if count > 0 { buffer = received }
    }
}
