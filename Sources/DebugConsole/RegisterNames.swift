// SPDX-License-Identifier: MIT
import XtensaCore

/// The registers the debugger names (`regs`, `$name` in expressions, the trace's changed registers).
enum RegisterNames {
    /// Special registers, in the order `regs` shows them.
    static let specials: [(name: String, number: UInt32)] = [
        ("sar", SpecialRegister.sar), ("ps", SpecialRegister.ps), ("windowbase", SpecialRegister.windowbase),
        ("windowstart", SpecialRegister.windowstart), ("lbeg", SpecialRegister.lbeg), ("lend", SpecialRegister.lend),
        ("lcount", SpecialRegister.lcount), ("br", SpecialRegister.br), ("acclo", SpecialRegister.acclo),
        ("acchi", SpecialRegister.acchi), ("scompare1", SpecialRegister.scompare1),
        ("epc1", SpecialRegister.epc1), ("epc2", SpecialRegister.epc1 + 1), ("epc3", SpecialRegister.epc1 + 2),
        ("excsave1", SpecialRegister.excsave1), ("exccause", SpecialRegister.exccause),
        ("excvaddr", SpecialRegister.excvaddr), ("depc", SpecialRegister.depc), ("vecbase", SpecialRegister.vecbase),
        ("intenable", SpecialRegister.intenable), ("interrupt", SpecialRegister.interrupt),
        ("ccount", SpecialRegister.ccount), ("ccompare0", SpecialRegister.ccompare0),
        ("cpenable", SpecialRegister.cpenable), ("debugcause", SpecialRegister.debugcause),
        ("prid", SpecialRegister.prid),
    ]

    /// The special registers a trace line reports when they change (the rest change by themselves, or never).
    static let traced = specials.filter { !["ccount", "interrupt", "prid", "vecbase"].contains($0.name) }

    /// The value of the register called `name` (a0-a15, ar0-ar63, pc, sp, a special register), or nil.
    static func value(of name: String, in core: Core) -> UInt32? {
        if name == "pc" { return core.pc }
        if name == "sp" { return core.register(1) }
        if name.hasPrefix("ar"), let index = Int(name.dropFirst(2)), (0..<64).contains(index) {
            return core.physicalRegisters[index]
        }
        if name.hasPrefix("a"), let index = Int(name.dropFirst()), (0..<16).contains(index) {
            return core.register(index)
        }
        if name == "threadptr" { return core.userRegister(SpecialRegister.threadptr) }
        return specials.first { $0.name == name }.map { core.specialRegister($0.number) }
    }

    /// Sets the register called `name`; false if there is none that can be set.
    static func set(_ name: String, to value: UInt32, in core: Core) -> Bool {
        if name == "pc" {
            core.setPC(value)
        } else if name == "sp" {
            core.setRegister(1, value)
        } else if name.hasPrefix("ar"), let index = Int(name.dropFirst(2)), (0..<64).contains(index) {
            core.setPhysicalRegister(index, value)
        } else if name.hasPrefix("a"), let index = Int(name.dropFirst()), (0..<16).contains(index) {
            core.setRegister(index, value)
        } else if name == "threadptr" {
            core.setUserRegister(SpecialRegister.threadptr, value)
        } else if let special = specials.first(where: { $0.name == name && $0.name != "prid" }) {
            core.setSpecialRegister(special.number, value)
        } else {
            return false
        }
        return true
    }

    /// PS spelled out: `INTLEVEL=0 EXCM=0 UM=1 RING=0 OWB=1 CALLINC=2 WOE=1`.
    static func describePS(_ ps: UInt32) -> String {
        "INTLEVEL=\(ps & 0xF) EXCM=\(ps >> 4 & 1) UM=\(ps >> 5 & 1) RING=\(ps >> 6 & 3) OWB=\(ps >> 8 & 0xF) "
            + "CALLINC=\(ps >> 16 & 3) WOE=\(ps >> 18 & 1)"
    }
}
