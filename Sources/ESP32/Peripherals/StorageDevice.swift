// SPDX-License-Identifier: MIT
import XtensaCore

/// A block of plain registers with a few fixed read values: GPIO (only the strap register matters), APB_CTRL
/// (its date register tells ESP-IDF the chip revision) and the blocks we do not model (all zero). Writes are
/// kept, so firmware that reads back what it wrote sees it; accesses to blocks marked unmodelled are reported
/// once per block through `onFirstAccess`.
public final class StorageDevice: MemoryMappedDevice {
    public let name: String
    private var registers: [UInt32: UInt32]
    private let fixed: [UInt32: UInt32]
    private var reported = false
    /// Called on the first access, for `--log unimp`.
    var onFirstAccess: ((String) -> Void)?

    init(name: String, fixed: [UInt32: UInt32] = [:]) {
        self.name = name
        self.fixed = fixed
        registers = [:]
    }

    private func noteAccess() {
        guard !reported, let onFirstAccess else { return }
        reported = true
        onFirstAccess(name)
    }

    public func read(offset: UInt32, size: Int) -> UInt32 {
        noteAccess()
        let aligned = offset & ~3
        return MemoryMappedRegisters.extract(fixed[aligned] ?? registers[aligned] ?? 0, offset: offset)
    }

    public func write(offset: UInt32, size: Int, value: UInt32) {
        noteAccess()
        let aligned = offset & ~3
        guard fixed[aligned] == nil else { return }
        registers[aligned] = MemoryMappedRegisters.merge(registers[aligned] ?? 0, value, offset: offset, size: size)
    }
}
