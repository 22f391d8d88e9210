// SPDX-License-Identifier: MIT
import Foundation
import Testing
import TestSupport
import XtensaISA

/// Every 3-byte word, decoded and printed by us and by LLVM 22: lengths and texts must agree, except for the
/// documented differences below.
@Suite struct DecoderVersusLLVMTests {
    /// Opcodes of the ESP32 that LLVM 22 does not know (xtensa_isa.md §0); words decoding to them are skipped.
    static let unknownToLLVM: Set<Opcode> = [
        .simcall, .s32nb, .ssa8b, .l32ai, .s32ri, .rer, .wer, .rfdo, .rfdd, .wsrDebugcause, .xsrDebugcause,
        .wsrMmid, .rsrLitbase, .wsrLitbase, .xsrLitbase,
        .f64iter, .f64rnd, .f64addc, .f64subc, .f64sig, .f64cmpl, .f64cmph, .f64norm, .f64sexp, .rf64r, .wf64r,
        .rurF64rLo, .rurF64rHi, .rurF64s, .wurF64rLo, .wurF64rHi, .wurF64s,
        .rurExpstate, .wurExpstate, .readImpwire, .setbExpstate, .clrbExpstate, .wrmskExpstate,
    ]

    /// RET, RETW and their density forms ignore the s field (libisa and QEMU decode them); LLVM accepts s = 0
    /// only. Such words are non-canonical; we decode them as the hardware tables do.
    static func isNonCanonicalReturn(_ opcode: Opcode, word: UInt32) -> Bool {
        [.ret, .retw, .retN, .retwN].contains(opcode) && (word >> 8) & 0xF != 0
    }

    /// LLVM 22's disassembler defects (its assembler encodes these correctly). Where one applies, the rest of
    /// the text must still agree:
    /// - ADDMI's immediate always prints as 0 (AssemblerRoundTripTests checks ours against llvm-mc's encodings);
    /// - L32R's target is sign-extended from 17 bits instead of being ((PC+3)&~3) + ((0xFFFF0000|imm16)<<2);
    /// - ANY4/ALL4/ANY8/ALL8 print the raw s field, where the hardware uses the aligned group b(s&~3)/b(s&~7).
    static func agreeModuloLLVMDefects(_ opcode: Opcode, ours: String, llvm: String) -> Bool {
        func operands(_ text: String) -> [Substring] {
            text.split(separator: "\t", maxSplits: 1).last?.split(separator: ", ").map { $0 } ?? []
        }
        switch opcode {
        case .addmi, .l32r:
            return operands(ours).dropLast() == operands(llvm).dropLast()
        case .any4, .all4, .any8, .all8:
            let groupMask: UInt32 = opcode == .any4 || opcode == .all4 ? ~3 : ~7
            var theirs = operands(llvm)
            guard theirs.count == 2, let raw = UInt32(theirs[1].dropFirst()) else { return false }
            theirs[1] = "b\(raw & groupMask)"
            return operands(ours) == theirs
        default:
            return ours == llvm
        }
    }

    @Test func everyThreeByteWordMatchesLLVM() throws {
        let pc: UInt32 = 0x4008_1000
        let workers = 2
        let chunk = (1 << 24) / workers
        let reports = ReportCollector()
        let oracles = try (0..<workers).map { _ in try LLVMDisassembler() }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let llvm = oracles[worker]
            let ours = Disassembler(style: .relative)
            var mismatches: [String: (count: Int, examples: [String])] = [:]
            var compared = 0
            for word in UInt32(worker * chunk)..<UInt32((worker + 1) * chunk) {
                let theirs = llvm.instruction(word, pc: pc)
                let mine = ours.line(for: word, pc: pc)
                if let mine, DecoderVersusLLVMTests.unknownToLLVM.contains(mine.opcode)
                    || DecoderVersusLLVMTests.isNonCanonicalReturn(mine.opcode, word: word) {
                    continue
                }
                compared += 1
                let agree = mine?.length == theirs?.length && (mine == nil
                    || DecoderVersusLLVMTests.agreeModuloLLVMDefects(mine!.opcode, ours: mine!.text, llvm: theirs!.text))
                if !agree {
                    let key = mine?.opcode.mnemonic ?? "(invalid for us)"
                    var entry = mismatches[key] ?? (0, [])
                    entry.count += 1
                    if entry.examples.count < 3 {
                        entry.examples.append(String(format: "%06x", word)
                            + ": ours \(mine.map { "\($0.length) '\($0.text)'" } ?? "invalid")"
                            + ", LLVM \(theirs.map { "\($0.length) '\($0.text)'" } ?? "invalid")")
                    }
                    mismatches[key] = entry
                }
            }
            reports.add(compared: compared, mismatches: mismatches)
        }
        #expect(reports.mismatches.isEmpty, "\(reports.mismatches.joined(separator: "\n"))")
        #expect(reports.compared > 15_000_000)
    }
}

private final class ReportCollector: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var compared = 0
    private var byOpcode: [String: (count: Int, examples: [String])] = [:]

    func add(compared: Int, mismatches: [String: (count: Int, examples: [String])]) {
        lock.withLock {
            self.compared += compared
            for (key, value) in mismatches {
                let old = byOpcode[key] ?? (0, [])
                byOpcode[key] = (old.count + value.count, Array((old.examples + value.examples).prefix(3)))
            }
        }
    }

    /// One line per opcode with mismatches: count and up to three examples.
    var mismatches: [String] {
        lock.withLock {
            byOpcode.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.count) words, e.g.\n    "
                + $0.value.examples.joined(separator: "\n    ") }
        }
    }
}
