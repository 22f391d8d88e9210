// SPDX-License-Identifier: MIT
import XtensaCore

/// The eFuse controller (esp32_emu_anchors.md §2.7) with the fuses of a chip revision 3 ESP32: BLK0 carries
/// the factory MAC address with its CRC-8 and the revision bits; BLK1–3 are blank. Reads reflect the fuses;
/// READ and PGM commands complete after a short virtual delay and set their interrupt bit. Programming ORs
/// bits into a copy that lives as long as the machine.
///
/// Registers: 0x000–0x018 BLK0 RDATA0–6, 0x01C–0x034 BLK0 WDATA0–6, 0x038/0x058/0x078 BLK1/2/3 RDATA0–7,
/// 0x098/0x0B8/0x0D8 BLK1/2/3 WDATA0–7, 0x0FC CONF, 0x100 STATUS, 0x104 CMD, 0x108–0x114 INT_RAW/ST/ENA/CLR,
/// 0x1FC DATE.
public final class EFuse: MemoryMappedDevice {
    public let name = "EFUSE"
    /// The default MAC address: Espressif's OUI 24:0A:C4 and a fixed device part, so runs are reproducible.
    public static let defaultMAC: [UInt8] = [0x24, 0x0A, 0xC4, 0x00, 0x00, 0x01]

    private var fuses = [UInt32](repeating: 0, count: 7 + 3 * 8)  // BLK0 (7 words), BLK1–3 (8 each)
    private var writeData = [UInt32](repeating: 0, count: 7 + 3 * 8)
    private var conf: UInt32 = 0
    private var command: UInt32 = 0
    private var rawInterrupts: UInt32 = 0
    private var enabledInterrupts: UInt32 = 0
    private let context: DeviceContext

    init(mac: [UInt8], context: DeviceContext) {
        precondition(mac.count == 6)
        self.context = context
        // BLK0 word 1: MAC bytes 2…5 (MAC bits 31:0); word 2: MAC bytes 0…1 (bits 47:32) and the CRC-8.
        fuses[1] = UInt32(mac[2]) << 24 | UInt32(mac[3]) << 16 | UInt32(mac[4]) << 8 | UInt32(mac[5])
        fuses[2] = UInt32(mac[0]) << 8 | UInt32(mac[1]) | UInt32(EFuse.crc8(mac)) << 16
        fuses[3] |= 1 << 15  // CHIP_VER_REV1
        fuses[5] |= 1 << 20  // CHIP_VER_REV2: with APB_CTRL's date bit, chip revision 3
    }

    /// The CRC-8 ESP-IDF checks over the factory MAC, mac[0…5] (the reflected Dallas/Maxim polynomial 0x8C,
    /// initial value 0).
    public static func crc8<S: Sequence<UInt8>>(_ bytes: S) -> UInt8 {
        var crc: UInt8 = 0
        for byte in bytes {
            var b = byte
            for _ in 0..<8 {
                let mix = (crc ^ b) & 1
                crc >>= 1
                if mix != 0 { crc ^= 0x8C }
                b >>= 1
            }
        }
        return crc
    }

    /// Word index in `fuses` for a data offset: BLK0 at 0x000, BLK1 at 0x038, BLK2 at 0x058, BLK3 at 0x078.
    private static func fuseWord(_ offset: UInt32) -> Int? {
        switch offset {
        case 0x000...0x018: Int(offset / 4)
        case 0x038...0x094: 7 + Int((offset - 0x038) / 4)
        default: nil
        }
    }

    private static func writeWord(_ offset: UInt32) -> Int? {
        switch offset {
        case 0x01C...0x034: Int((offset - 0x01C) / 4)
        case 0x098...0x0F4: 7 + Int((offset - 0x098) / 4)
        default: nil
        }
    }

    public func read(offset: UInt32, size: Int) -> UInt32 {
        let aligned = offset & ~3
        if let word = EFuse.fuseWord(aligned) { return fuses[word] }
        if let word = EFuse.writeWord(aligned) { return writeData[word] }
        switch aligned {
        case 0x0FC: return conf
        case 0x104: return command
        case 0x108: return rawInterrupts
        case 0x10C: return rawInterrupts & enabledInterrupts
        case 0x110: return enabledInterrupts
        case 0x1FC: return 0x1604_2600
        default: return 0
        }
    }

    public func write(offset: UInt32, size: Int, value: UInt32) {
        let aligned = offset & ~3
        if let word = EFuse.writeWord(aligned) {
            writeData[word] = value
            return
        }
        switch aligned {
        case 0x0FC: conf = value & 0xFFFF
        case 0x104: start(command: value & 3)
        case 0x110: enabledInterrupts = value & 3
        case 0x114: rawInterrupts &= ~value
        default: break
        }
        context.matrix.setLevel(source: InterruptMatrix.Source.efuse, asserted: rawInterrupts & enabledInterrupts != 0)
    }

    /// READ (bit 0, with CONF 0x5AA5) or PGM (bit 1, with CONF 0x5A5A); done after 10 µs of virtual time.
    private func start(command requested: UInt32) {
        guard requested != 0, command == 0 else { return }
        let isProgram = requested & 2 != 0
        guard conf == (isProgram ? 0x5A5A : 0x5AA5) else { return }
        command = requested
        context.scheduler.schedule(at: context.now() + context.clock.cycles(microseconds: 10), name: "EFUSE command") {
            [weak self] in
            guard let self else { return }
            if isProgram {
                for index in fuses.indices { fuses[index] |= writeData[index] }
            }
            rawInterrupts |= command
            command = 0
            context.matrix.setLevel(
                source: InterruptMatrix.Source.efuse, asserted: rawInterrupts & enabledInterrupts != 0)
        }
    }
}
