// SPDX-License-Identifier: MIT
// Protocol text as bytes: the firmware cannot link String comparison or case mapping (they need Unicode
// tables), so names, headers and URIs are compared and built as ASCII byte arrays.

enum ASCII {
    static func bytes(_ text: StaticString) -> [UInt8] {
        Array(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    static func lowercased(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }

    /// Whether `bytes` equals `text`, ignoring ASCII case.
    static func equalsIgnoringCase(_ bytes: some Collection<UInt8>, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount
            && zip(bytes, UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)).allSatisfy {
                lowercased($0) == lowercased($1)
            }
    }

    /// Whether `bytes` starts with `prefix`, ignoring ASCII case.
    static func hasPrefixIgnoringCase(_ bytes: some Collection<UInt8>, _ prefix: StaticString) -> Bool {
        bytes.count >= prefix.utf8CodeUnitCount && equalsIgnoringCase(bytes.prefix(prefix.utf8CodeUnitCount), prefix)
    }

    /// The decimal digits of `value`.
    static func decimal(_ value: Int) -> [UInt8] {
        if value < 0 { return [UInt8(ascii: "-")] + decimal(-value) }
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        return digits.reversed()
    }

    /// A non-negative decimal number of at most `maximumDigits` digits, or nil.
    static func parseDecimal(_ bytes: some Collection<UInt8>, maximumDigits: Int = 9) -> Int? {
        guard !bytes.isEmpty, bytes.count <= maximumDigits else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Where `pattern` first occurs in `bytes` (a plain search: headers are short).
    static func firstIndex(of pattern: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= pattern.count else { return nil }
        for start in 0...(bytes.count - pattern.count)
        where bytes[start..<(start + pattern.count)].elementsEqual(pattern) {
            return start
        }
        return nil
    }

    static func isAlpha(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
