// SPDX-License-Identifier: MIT
// Base64 (RFC 4648, with padding) for the handshake key, the Accept check and Basic authorisation.

public enum Base64 {
    private static let alphabet: StaticString = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    public static func encode(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let table = UnsafeBufferPointer(start: alphabet.utf8Start, count: alphabet.utf8CodeUnitCount)
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let first = iterator.next() {
            let second = iterator.next(), third = iterator.next()
            let group = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
            output.append(table[Int(group >> 18 & 63)])
            output.append(table[Int(group >> 12 & 63)])
            output.append(second == nil ? UInt8(ascii: "=") : table[Int(group >> 6 & 63)])
            output.append(third == nil ? UInt8(ascii: "=") : table[Int(group & 63)])
        }
        return output
    }
}
