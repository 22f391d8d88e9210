// SPDX-License-Identifier: MIT

/// Generates random but well-defined Xtensa programs for differential testing against QEMU: integer ALU,
/// shifts with SAR, multiply and divide (non-zero divisors), conditional branches over short forward
/// stretches, zero-overhead loops, stores to a data area, and chains of windowed calls deep enough to spill.
/// Each block ends by dumping a2–a15, SAR and the data area through semihosting, so two emulators can be
/// compared byte for byte. The programs use the test harness (Tests/GuestPrograms/harness.inc).
public struct RandomProgram {
    /// Bytes each block writes: 14 registers and SAR (60 bytes), then the 64-byte data area.
    public static let dumpSize = 60 + 64

    private var state: UInt64
    private var lines: [String] = []
    private var functions: [String] = []
    private var label = 0

    public init(seed: UInt64) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    private mutating func next() -> UInt32 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt32(truncatingIfNeeded: state >> 16)
    }

    private mutating func below(_ n: Int) -> Int { Int(next() % UInt32(n)) }
    private mutating func register(from range: ClosedRange<Int> = 2...15) -> String {
        "a\(range.lowerBound + below(range.count))"
    }
    private mutating func freshLabel() -> String {
        label += 1
        return ".Lr\(label)"
    }

    /// One random instruction that cannot trap, using registers in `range` only.
    private mutating func aluInstruction(_ range: ClosedRange<Int>) -> [String] {
        let (r, s, t) = (register(from: range), register(from: range), register(from: range))
        switch below(30) {
        case 0: return ["add \(r), \(s), \(t)"]
        case 1: return ["sub \(r), \(s), \(t)"]
        case 2: return ["addx\([2, 4, 8][below(3)]) \(r), \(s), \(t)"]
        case 3: return ["subx\([2, 4, 8][below(3)]) \(r), \(s), \(t)"]
        case 4: return ["and \(r), \(s), \(t)"]
        case 5: return ["or \(r), \(s), \(t)"]
        case 6: return ["xor \(r), \(s), \(t)"]
        case 7: return [below(2) == 0 ? "neg \(r), \(t)" : "abs \(r), \(t)"]
        case 8: return ["addi \(r), \(s), \(Int(below(256)) - 128)"]
        case 9: return ["addmi \(r), \(s), \((Int(below(256)) - 128) * 256)"]
        case 10: return ["movi \(r), \(Int(below(4096)) - 2048)"]
        case 11:
            let shift = below(32)
            return ["extui \(r), \(t), \(shift), \(1 + below(min(16, 32 - shift)))"]
        case 12: return ["slli \(r), \(s), \(1 + below(31))"]
        case 13: return ["srai \(r), \(t), \(below(32))"]
        case 14: return ["srli \(r), \(t), \(below(16))"]
        case 15: return [["ssr \(s)", "ssl \(s)", "ssa8l \(s)", "ssai \(below(32))"][below(4)], "sll \(r), \(t)"]
        case 16: return [["ssr \(s)", "ssl \(s)", "ssai \(below(32))"][below(3)], "srl \(r), \(t)"]
        case 17: return [["ssr \(s)", "ssl \(s)", "ssai \(below(32))"][below(3)], "sra \(r), \(t)"]
        case 18: return [["ssr \(s)", "ssai \(below(32))"][below(2)], "src \(r), \(s), \(t)"]
        case 19: return ["mull \(r), \(s), \(t)"]
        case 20: return [below(2) == 0 ? "mul16u \(r), \(s), \(t)" : "mul16s \(r), \(s), \(t)"]
        case 21:
            // Division by a register forced non-zero (OR with 1 into the divisor's own register).
            let op = ["quou", "quos", "remu", "rems"][below(4)]
            return ["movi a13, 1", "or \(t), \(t), a13", "\(op) \(r), \(s), \(t)"]
        case 22: return ["\(["min", "max", "minu", "maxu"][below(4)]) \(r), \(s), \(t)"]
        case 23: return ["sext \(r), \(s), \(7 + below(16))"]
        case 24: return ["clamps \(r), \(s), \(7 + below(16))"]
        case 25: return [below(2) == 0 ? "nsa \(r), \(s)" : "nsau \(r), \(s)"]
        case 26: return ["\(["moveqz", "movnez", "movltz", "movgez"][below(4)]) \(r), \(s), \(t)"]
        case 27: return ["mov.n \(r), \(s)"]
        case 28: return ["add.n \(r), \(s), \(t)"]
        default: return ["addi.n \(r), \(s), \([-1, 1, 2, 7, 15][below(5)])"]
        }
    }

    private mutating func straightLine(_ count: Int, _ range: ClosedRange<Int> = 2...12) -> [String] {
        (0..<count).flatMap { _ in aluInstruction(range) }
    }

    /// A function `name` that computes over a2–a7 (its arguments), optionally calls the next function of a
    /// chain, and returns a result in a2.
    private mutating func chainFunction(depth: Int, index: Int) -> String {
        let name = "chain\(label)_\(index)"
        var body = ["    .align 4", "\(name):", "    entry a1, 48"]
        // Only a2 and a3 are passed; a4-a7 would hold whatever dead frames left in the physical registers,
        // which differs between cores with 32 and 64 of them.
        body += (4...7).map { "    movi a\($0), \(Int(below(4096)) - 2048)" }
        body += straightLine(2 + below(6), 2...7).map { "    " + $0 }
        if index + 1 < depth {
            let callee = "chain\(label)_\(index + 1)"
            switch below(3) {
            case 0: body += ["    mov a6, a2", "    mov a7, a3", "    call4 \(callee)", "    add a2, a2, a6"]
            case 1: body += ["    mov a10, a3", "    mov a11, a4", "    call8 \(callee)", "    xor a2, a2, a10"]
            default: body += ["    mov a14, a4", "    mov a15, a5", "    call12 \(callee)", "    sub a2, a2, a14"]
            }
        }
        body.append("    retw")
        return body.joined(separator: "\n")
    }

    /// Appends one block: initial register values, random code, then the dump.
    public mutating func addBlock() {
        for n in 2...15 {
            lines.append("l32r_value a\(n), 0x\(String(next(), radix: 16))")
        }
        lines.append("l32r_value a14, random_data")
        for _ in 0..<(4 + below(6)) {
            switch below(6) {
            case 0:
                let skip = freshLabel()
                let (s, t) = (register(from: 2...12), register(from: 2...12))
                let branch = ["beq", "bne", "blt", "bge", "bltu", "bgeu", "bany", "bnone", "ball", "bnall"][below(10)]
                lines.append("\(branch) \(s), \(t), \(skip)")
                lines += straightLine(1 + below(4))
                lines.append("\(skip):")
            case 1:
                let end = freshLabel()
                lines.append("movi a13, \(1 + below(5))")
                lines.append("loop a13, \(end)")
                lines += straightLine(1 + below(4))
                lines.append("\(end):")
            case 2:
                let depth = 1 + below(14)
                label += 1
                for index in 0..<depth { functions.append(chainFunction(depth: depth, index: index)) }
                // CALL4 preserves only a0-a3 (and a6 brings the result): the rest are undefined afterwards, so
                // they get fresh values, as does the data pointer.
                lines += ["mov a6, a2", "mov a7, a3", "call4 chain\(label)_0", "mov a2, a6"]
                lines += (4...13).map { "l32r_value a\($0), 0x\(String(next(), radix: 16))" }
                lines.append("l32r_value a14, random_data")
            case 3:
                let offset = below(16) * 4
                lines.append("s32i \(register(from: 2...12)), a14, \(offset)")
                lines.append("l32i \(register(from: 2...12)), a14, \((offset + 4 * below(2)) % 64)")
            default:
                lines += straightLine(3 + below(8))
            }
        }
        lines.append("call0 dump_state")
    }

    /// The complete program: `blocks` blocks, then PASS.
    public static func source(seed: UInt64, blocks: Int) -> String {
        var program = RandomProgram(seed: seed)
        for _ in 0..<blocks { program.addBlock() }
        return """
            /* Generated by RandomProgram (seed \(seed)); see Tests/TestSupport/RandomProgram.swift. */
            #include "harness.inc"
                .data
                .align 4
            random_data: .fill 16, 4, 0
                .text
                .align 4
            dump_state:
                addi    a1, a1, -64
                s32i    a2, a1, 0
                s32i    a3, a1, 4
                s32i    a4, a1, 8
                s32i    a5, a1, 12
                s32i    a6, a1, 16
                s32i    a7, a1, 20
                s32i    a8, a1, 24
                s32i    a9, a1, 28
                s32i    a10, a1, 32
                s32i    a11, a1, 36
                s32i    a12, a1, 40
                s32i    a13, a1, 44
                s32i    a14, a1, 48
                s32i    a15, a1, 52
                rsr     a2, sar
                s32i    a2, a1, 56
                mov     a12, a0
                movi    a2, 4
                movi    a3, 1
                mov     a4, a1
                movi    a5, 60
                SIMCALL
                movi    a2, 4
                movi    a3, 1
                l32r_value a4, random_data
                movi    a5, 64
                SIMCALL
                addi    a1, a1, 64
                jx      a12
            \(program.functions.joined(separator: "\n"))
                .global main
            main:
            \(program.lines.map { "    " + $0 }.joined(separator: "\n"))
                PASS
            """
    }
}
