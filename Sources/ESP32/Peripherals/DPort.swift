// SPDX-License-Identifier: MIT
import XtensaCore

/// DPORT's register page (esp32_emu_anchors.md §2.1) as part 1 of the SoC needs it: the interrupt-matrix map
/// registers (PRO at 0x104, APP at 0x218, 69 words each), the four cross-core interrupts (0xDC–0xE8, sources
/// 24–27), the cache control registers (a flush completes at once) and the cache-state debug register.
/// The APP CPU control registers (0x2C–0x38) and everything else are stored as written.
public final class DPort: MemoryMappedDevice {
    public let name = "DPORT"
    static let proMapBase: UInt32 = 0x104
    static let appMapBase: UInt32 = 0x218
    private var registers = [UInt32](repeating: 0, count: 0x1000 / 4)
    private let matrix: InterruptMatrix

    init(matrix: InterruptMatrix) {
        self.matrix = matrix
        registers[0x2C / 4] = 1  // APP CPU held in reset
    }

    /// The interrupt-matrix entry (cpu, source) a register offset addresses.
    private func mapEntry(_ offset: UInt32) -> (cpu: Int, source: Int)? {
        for (cpu, base) in [DPort.proMapBase, DPort.appMapBase].enumerated()
        where offset >= base && offset < base + UInt32(InterruptMatrix.sourceCount) * 4 {
            return (cpu, Int(offset - base) / 4)
        }
        return nil
    }

    public func read(offset: UInt32, size: Int) -> UInt32 {
        let aligned = offset & ~3
        if let (cpu, source) = mapEntry(aligned) {
            return matrix.mapping(cpu: cpu, source: source)
        }
        switch aligned {
        case 0x3F0, 0x418: return 0x80  // DCACHE_DBUG0: cache state idle
        default: return registers[Int(aligned / 4)]
        }
    }

    public func write(offset: UInt32, size: Int, value: UInt32) {
        let aligned = offset & ~3
        if let (cpu, source) = mapEntry(aligned) {
            matrix.setMapping(cpu: cpu, source: source, interrupt: value)
            return
        }
        var stored = value
        switch aligned {
        case 0xDC, 0xE0, 0xE4, 0xE8:
            matrix.setLevel(
                source: InterruptMatrix.Source.crossCore0 + Int(aligned - 0xDC) / 4, asserted: value & 1 != 0)
        case 0x40, 0x58:
            if value & 1 << 4 != 0 { stored = value & ~(1 << 4) | 1 << 5 }  // a flush finishes at once: FLUSH_DONE
        default:
            break
        }
        registers[Int(aligned / 4)] = stored
    }
}
