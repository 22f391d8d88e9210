// SPDX-License-Identifier: MIT

extension UInt32 {
    /// "0x" and eight hex digits, the way addresses and register values are shown everywhere in reports.
    public var hexWord: String {
        let digits = String(self, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
