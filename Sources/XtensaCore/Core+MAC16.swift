// SPDX-License-Identifier: MIT
import XtensaISA

/// The MAC16 option (xtensa_isa.md §3.7): 16×16-bit multiplies into the 40-bit accumulator ACC
/// (ACCLO + ACCHI, ACCHI sign-extended from 8 bits), the M0–M3 registers and the LDINC/LDDEC loads.
/// The 72 MAC16 opcodes share one operation; the form of each is read from its mnemonic once.
struct MAC16Form {
    enum Accumulation { case multiplyUnsigned, multiply, add, subtract, none }

    let accumulation: Accumulation
    /// First operand from AR[s] (`.a?` forms) or from MX; second from AR[t] (`.?a`) or from MY.
    let firstFromAR: Bool
    let secondFromAR: Bool
    let firstHigh: Bool
    let secondHigh: Bool
    /// 0, or ±4 for the LDINC/LDDEC forms, which also load MW from memory.
    let loadStep: Int32

    /// Forms indexed by `Opcode.rawValue` (nil for non-MAC16 opcodes).
    static let table: [MAC16Form?] = Opcode.allCases.map { MAC16Form(mnemonic: $0.mnemonic) }

    /// Parses `mul.aa.hl`, `mula.dd.lh.ldinc`, `lddec`, …; nil for anything else.
    init?(mnemonic: String) {
        let parts = mnemonic.split(separator: ".").map(String.init)
        if parts == ["ldinc"] || parts == ["lddec"] {
            self.init(accumulation: .none, firstFromAR: false, secondFromAR: false, firstHigh: false,
                      secondHigh: false, loadStep: parts[0] == "ldinc" ? 4 : -4)
            return
        }
        let accumulations: [String: Accumulation] = ["umul": .multiplyUnsigned, "mul": .multiply, "mula": .add,
                                                     "muls": .subtract]
        guard parts.count >= 3, let accumulation = accumulations[parts[0]], parts[1].count == 2,
              parts[2].count == 2 else { return nil }
        let sources = Array(parts[1])
        let halves = Array(parts[2])
        let loadStep: Int32 = parts.count == 4 ? (parts[3] == "ldinc" ? 4 : -4) : 0
        self.init(accumulation: accumulation, firstFromAR: sources[0] == "a", secondFromAR: sources[1] == "a",
                  firstHigh: halves[0] == "h", secondHigh: halves[1] == "h", loadStep: loadStep)
    }

    private init(accumulation: Accumulation, firstFromAR: Bool, secondFromAR: Bool, firstHigh: Bool,
                 secondHigh: Bool, loadStep: Int32) {
        self.accumulation = accumulation
        self.firstFromAR = firstFromAR
        self.secondFromAR = secondFromAR
        self.firstHigh = firstHigh
        self.secondHigh = secondHigh
        self.loadStep = loadStep
    }
}

extension Core {
    @inline(never)
    func mac16(_ d: InstructionPointer) {
        guard let form = MAC16Form.table[Int(d.opcode)] else { return raise(.illegalInstruction) }
        let macRegister = Int(SpecialRegister.m0)
        let x = Int((d.r >> 2) & 1)
        let y = Int((d.t >> 2) & 1)
        if form.accumulation != .none {
            let first = form.firstFromAR ? a(d.s) : special[macRegister + x]
            let second = form.secondFromAR ? a(d.t) : special[macRegister + 2 + y]
            let firstHalf = UInt16(truncatingIfNeeded: form.firstHigh ? first >> 16 : first)
            let secondHalf = UInt16(truncatingIfNeeded: form.secondHigh ? second >> 16 : second)
            accumulate(form.accumulation, firstHalf, secondHalf)
        }
        if form.loadStep != 0 {
            let address = a(d.s) &+ UInt32(bitPattern: form.loadStep)
            guard let value = load32(address) else { return }
            special[macRegister + Int(d.r & 3)] = value
            setA(d.s, address)
        }
    }

    private func accumulate(_ kind: MAC16Form.Accumulation, _ first: UInt16, _ second: UInt16) {
        let low = Int(SpecialRegister.acclo)
        let high = Int(SpecialRegister.acchi)
        switch kind {
        case .multiplyUnsigned:
            special[low] = UInt32(first) &* UInt32(second)
            special[high] = 0
        case .multiply:
            let product = Int32(Int16(bitPattern: first)) &* Int32(Int16(bitPattern: second))
            special[low] = UInt32(bitPattern: product)
            special[high] = product < 0 ? 0xFFFF_FFFF : 0
        case .add, .subtract:
            let product = Int64(Int32(Int16(bitPattern: first)) &* Int32(Int16(bitPattern: second)))
            let accumulator = Int64(Int32(bitPattern: special[high])) << 32 | Int64(special[low])
            let sum = kind == .add ? accumulator &+ product : accumulator &- product
            special[low] = UInt32(truncatingIfNeeded: sum)
            special[high] = UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: sum >> 32)))
        case .none:
            break
        }
    }
}
