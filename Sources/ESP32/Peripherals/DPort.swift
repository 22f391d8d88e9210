// SPDX-License-Identifier: MIT
import XtensaCore

/// DPORT's register page (esp32_emu_anchors.md §2.1): the APP CPU's run controls (0x2C–0x38), the flash
/// cache controls of both CPUs (0x40/0x44 PRO, 0x58/0x5C APP), the four cross-core interrupts (0xDC–0xE8,
/// sources 24–27), the interrupt-matrix map registers (PRO at 0x104, APP at 0x218, 69 words each) and the
/// cache-state debug registers. Everything else is stored as written.
public final class DPort: MemoryMappedDevice {
    public let name = "DPORT"
    static let proMapBase: UInt32 = 0x104
    static let appMapBase: UInt32 = 0x218

    enum Register {
        static let appCPUReset: UInt32 = 0x2C
        static let appCPUClock: UInt32 = 0x30
        static let appCPURunStall: UInt32 = 0x34
        static let appCPUBootAddress: UInt32 = 0x38
        static let proCacheControl: UInt32 = 0x40
        static let proCacheControl1: UInt32 = 0x44
        static let appCacheControl: UInt32 = 0x58
        static let appCacheControl1: UInt32 = 0x5C
        static let crossCoreInterrupts: ClosedRange<UInt32> = 0xDC...0xE8
        static let proCacheDebug0: UInt32 = 0x3F0
        static let appCacheDebug0: UInt32 = 0x418
    }

    private var registers = [UInt32](repeating: 0, count: 0x1000 / 4)
    private let matrix: InterruptMatrix
    private let caches: [FlashCache]
    /// Told about writes to the APP CPU run controls (offset, new value), which the machine acts on.
    var onAppCPUControl: (UInt32, UInt32) -> Void = { _, _ in }

    init(matrix: InterruptMatrix, caches: [FlashCache]) {
        self.matrix = matrix
        self.caches = caches
        reset()
    }

    func reset() {
        registers = [UInt32](repeating: 0, count: 0x1000 / 4)
        registers[Int(Register.appCPUReset / 4)] = 1  // the APP CPU is held in reset
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
        if let (cpu, source) = mapEntry(aligned) { return matrix.mapping(cpu: cpu, source: source) }
        switch aligned {
        case Register.proCacheControl: return caches[0].control
        case Register.proCacheControl1: return caches[0].windowMask
        case Register.appCacheControl: return caches[1].control
        case Register.appCacheControl1: return caches[1].windowMask
        case Register.proCacheDebug0, Register.appCacheDebug0: return 0x80  // cache state: idle
        default: return registers[Int(aligned / 4)]
        }
    }

    public func write(offset: UInt32, size: Int, value: UInt32) {
        let aligned = offset & ~3
        if let (cpu, source) = mapEntry(aligned) {
            matrix.setMapping(cpu: cpu, source: source, interrupt: value)
            return
        }
        registers[Int(aligned / 4)] = value
        switch aligned {
        case Register.appCPUReset...Register.appCPUBootAddress:
            onAppCPUControl(aligned, value)
        case Register.proCacheControl: caches[0].writeControl(value)
        case Register.proCacheControl1: caches[0].writeWindowMask(value)
        case Register.appCacheControl: caches[1].writeControl(value)
        case Register.appCacheControl1: caches[1].writeWindowMask(value)
        case Register.crossCoreInterrupts:
            matrix.setLevel(
                source: InterruptMatrix.Source.crossCore0 + Int(aligned - Register.crossCoreInterrupts.lowerBound) / 4,
                asserted: value & 1 != 0)
        default:
            break
        }
    }

    func register(_ offset: UInt32) -> UInt32 { registers[Int(offset / 4)] }
}

/// The flash MMU tables in DPORT's address range (0x3FF10000: PRO entries 0–255, 0x3FF12000: APP entries).
final class FlashMMUTables: MemoryMappedDevice {
    let name = "flash MMU"
    private let caches: [FlashCache]

    init(caches: [FlashCache]) { self.caches = caches }

    private func entry(_ offset: UInt32) -> (FlashCache, Int)? {
        let cpu = Int(offset / 0x2000), index = Int(offset % 0x2000) / 4
        return cpu < caches.count && index < FlashCache.entryCount ? (caches[cpu], index) : nil
    }

    func read(offset: UInt32, size: Int) -> UInt32 {
        entry(offset).map { $0.0.entries[$0.1] } ?? 0
    }

    func write(offset: UInt32, size: Int, value: UInt32) {
        if let (cache, index) = entry(offset) { cache.setEntry(index, value) }
    }
}
