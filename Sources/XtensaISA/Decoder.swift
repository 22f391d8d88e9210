// SPDX-License-Identifier: MIT

/// Maps instruction words to opcodes using `OpcodeSpec.all`. Candidates are bucketed by the fields every
/// opcode fixes first — op0, and for 24-bit words op1 and op2 — so a lookup compares a handful of masks.
/// Building the buckets checks that no two opcodes can match the same word.
public struct Decoder: Sendable {
    /// Candidates per bucket: op2 << 8 | op1 << 4 | op0 for 24-bit words, op0 alone for 16-bit ones.
    private let buckets: [[Opcode]]

    public static let shared = Decoder()

    public init() {
        var buckets = [[Opcode]](repeating: [], count: 4096)
        for spec in OpcodeSpec.all {
            // Every bucket index whose fixed bits agree with the opcode's value.
            let fixed: UInt32 = spec.length == 3 ? 0xFF000F : 0x00000F
            for index in 0..<UInt32(4096) where spec.length == 3 || index < 16 {
                let word = spec.length == 3 ? (index >> 8) << 20 | ((index >> 4) & 0xF) << 16 | (index & 0xF) : index
                if (word ^ spec.value) & spec.mask & fixed == 0 {
                    buckets[Int(index)].append(spec.opcode)
                }
            }
        }
        for bucket in buckets {
            for (i, a) in bucket.enumerated() {
                for b in bucket[(i + 1)...] {
                    let both = a.spec.mask & b.spec.mask
                    precondition(a.spec.value & both != b.spec.value & both,
                                 "opcodes \(a.mnemonic) and \(b.mnemonic) overlap")
                }
            }
        }
        self.buckets = buckets
    }

    /// The opcode of the instruction whose bytes are in `word` (little-endian, byte 0 lowest), or nil if
    /// the word is not a valid ESP32 instruction (which raises IllegalInstruction).
    @inline(__always)
    public func decode(_ word: UInt32) -> Opcode? {
        let op0 = word & 0xF
        if op0 < 8 {
            let index = Int((word >> 20) & 0xF) << 8 | Int((word >> 16) & 0xF) << 4 | Int(op0)
            let instruction = word & 0xFF_FFFF
            for candidate in buckets[index] where candidate.spec.matches(instruction) { return candidate }
        } else if op0 < 14 {
            let instruction = word & 0xFFFF
            for candidate in buckets[Int(op0)] where candidate.spec.matches(instruction) { return candidate }
        }
        return nil
    }
}
