// SPDX-License-Identifier: MIT
import XtensaCore

/// The ESP32's register numbering for GDB's remote protocol, as Espressif's gdb (xtensa-overlays) and QEMU
/// define it (esp32_emu_anchors.md §5): the `g` packet carries entries 0…156 (628 bytes), or 0…104 (420
/// bytes) for gdb from esp-2021r1 and older; `p`/`P` use the same numbers. Values are little-endian words.
public enum GDBRegisterLayout: Sendable {
    /// All 157 registers (esp-2021r2 and later).
    case full
    /// The 105 non-privileged registers (QEMU's QEMU_XTENSA_CORE_REGS_ONLY).
    case coreOnly

    public var count: Int { self == .full ? 157 : 105 }

    /// Where register `index` lives in the CPU.
    public enum Location: Equatable, Sendable {
        case pc
        case physical(Int)
        case special(UInt32)
        case user(UInt32)
        case float(Int)
    }

    /// Entries 0…156 in order.
    public static let locations: [Location] = {
        var table: [Location] = [.pc] + (0..<64).map { .physical($0) }
        table += [
            SpecialRegister.lbeg, SpecialRegister.lend, SpecialRegister.lcount, SpecialRegister.sar,
            SpecialRegister.windowbase, SpecialRegister.windowstart, SpecialRegister.configid0,
            SpecialRegister.configid1, SpecialRegister.ps,
        ].map { .special($0) }
        table += [
            .user(SpecialRegister.threadptr), .special(SpecialRegister.br), .special(SpecialRegister.scompare1),
            .special(SpecialRegister.acclo), .special(SpecialRegister.acchi),
        ]
        table += (0..<4).map { .special(SpecialRegister.m0 + $0) }
        table += [
            .user(SpecialRegister.expstate), .user(SpecialRegister.f64rLow), .user(SpecialRegister.f64rHigh),
            .user(SpecialRegister.f64s),
        ]
        table += (0..<16).map { .float($0) }
        table += [.user(SpecialRegister.fcr), .user(SpecialRegister.fsr)]
        table += [
            SpecialRegister.mmid, SpecialRegister.ibreakenable, SpecialRegister.memctl, SpecialRegister.atomctl,
            SpecialRegister.ddr, SpecialRegister.ibreaka0, SpecialRegister.ibreaka0 + 1, SpecialRegister.dbreaka0,
            SpecialRegister.dbreaka0 + 1, SpecialRegister.dbreakc0, SpecialRegister.dbreakc0 + 1,
        ].map { .special($0) }
        table += (0..<7).map { .special(SpecialRegister.epc1 + $0) } + [.special(SpecialRegister.depc)]
        table += (0..<6).map { .special(SpecialRegister.eps2 + $0) }
        table += (0..<7).map { .special(SpecialRegister.excsave1 + $0) }
        table += [
            SpecialRegister.cpenable, SpecialRegister.interrupt, SpecialRegister.interrupt /* INTSET */,
            SpecialRegister.intclear, SpecialRegister.intenable, SpecialRegister.vecbase, SpecialRegister.exccause,
            SpecialRegister.debugcause, SpecialRegister.ccount, SpecialRegister.prid, SpecialRegister.icount,
            SpecialRegister.icountlevel, SpecialRegister.excvaddr,
        ].map { .special($0) }
        table += (0..<3).map { .special(SpecialRegister.ccompare0 + $0) }
        table += (0..<4).map { .special(SpecialRegister.misc0 + $0) }
        precondition(table.count == 157, "the ESP32 layout has 157 entries")
        return table
    }()

    /// Register `index` of `core`; nil if the layout has no such register.
    public func read(_ index: Int, from core: Core) -> UInt32? {
        guard (0..<count).contains(index) else { return nil }
        switch Self.locations[index] {
        case .pc: return core.pc
        case .physical(let n): return core.physicalRegisters[n]
        case .special(let number): return core.specialRegister(number)
        case .user(let number): return core.userRegister(number)
        case .float(let n): return core.floatRegister(n)
        }
    }

    /// Writes register `index`; false if the layout has no such register.
    @discardableResult
    public func write(_ index: Int, _ value: UInt32, to core: Core) -> Bool {
        guard (0..<count).contains(index) else { return false }
        switch Self.locations[index] {
        case .pc: core.setPC(value)
        case .physical(let n): core.setPhysicalRegister(n, value)
        case .special(let number): core.setSpecialRegister(number, value)
        case .user(let number): core.setUserRegister(number, value)
        case .float(let n): core.setFloatRegister(n, value)
        }
        return true
    }

    /// The `g` packet's payload: every register as eight hex digits, little-endian.
    public func allRegisters(of core: Core) -> String {
        (0..<count).map { GDBHex.word(read($0, from: core)!) }.joined()
    }
}
