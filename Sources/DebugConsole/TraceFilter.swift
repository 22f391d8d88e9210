// SPDX-License-Identifier: MIT
import XtensaCore

/// Reads the trace options' places: a function (its whole code), `START-END`, `START+LENGTH`, or an address.
public enum TraceFilter {
    public struct BadPlace: Error, CustomStringConvertible {
        public let description: String
    }

    /// The code addresses `text` names, for --trace-only.
    public static func range(_ text: String, symbols: ProgramSymbols) throws -> ClosedRange<UInt32> {
        if let symbol = symbols.symbol(named: text) {
            let size = max(symbol.size, 1)
            return symbol.value...(symbol.value &+ size &- 1)
        }
        for separator: Character in ["-", "+"] {
            let parts = text.split(separator: separator)
            guard parts.count == 2, let first = Expression.number(String(parts[0])),
                let second = Expression.number(String(parts[1]))
            else { continue }
            let last = separator == "-" ? second : first &+ second &- 1
            guard last >= first, separator == "-" || second > 0 else {
                throw BadPlace(description: "--trace-only \(text): the range ends before it starts")
            }
            return first...last
        }
        throw BadPlace(
            description: "--trace-only \(text): neither a symbol of the firmware nor START-END or START+LENGTH "
                + "(hex with 0x, or decimal)")
    }

    /// The address `text` names (a symbol's, or a number), for --trace-start.
    public static func address(_ text: String, symbols: ProgramSymbols) throws -> UInt32 {
        if let symbol = symbols.symbol(named: text) { return symbol.value }
        if let number = Expression.number(text) { return number }
        throw BadPlace(description: "--trace-start \(text): neither a symbol of the firmware nor an address")
    }
}
