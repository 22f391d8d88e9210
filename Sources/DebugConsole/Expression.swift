// SPDX-License-Identifier: MIT
import XtensaCore

/// The address and value expressions commands take: numbers (`0x3ffb0000`, `42`), registers (`$a2`, `$pc`,
/// `$sp`, `$ar17`, `$ps`), symbols (a name stands for its address: `no_data_timer`, `app_main`), `*EXPR` (the
/// 32-bit word at an address), parentheses, and `+`/`-` between them.
struct Expression {
    let core: Core
    let symbols: ProgramSymbols

    func evaluate(_ text: String) throws(DebugError) -> UInt32 {
        var parser = Parser(characters: Array(text), core: core, symbols: symbols)
        let value = try parser.sum()
        parser.skipSpaces()
        guard parser.index == parser.characters.count else {
            throw DebugError("unexpected '\(String(parser.characters[parser.index...]))' in '\(text)'")
        }
        return value
    }

    private struct Parser {
        let characters: [Character]
        let core: Core
        let symbols: ProgramSymbols
        var index = 0

        mutating func skipSpaces() { while index < characters.count && characters[index] == " " { index += 1 } }

        mutating func sum() throws(DebugError) -> UInt32 {
            var value = try term()
            while true {
                skipSpaces()
                guard index < characters.count, characters[index] == "+" || characters[index] == "-" else {
                    return value
                }
                let isPlus = characters[index] == "+"
                index += 1
                let operand = try term()
                value = isPlus ? value &+ operand : value &- operand
            }
        }

        mutating func term() throws(DebugError) -> UInt32 {
            skipSpaces()
            guard index < characters.count else { throw DebugError("an expression is missing") }
            switch characters[index] {
            case "*":
                index += 1
                let address = try term()
                guard let bytes = core.addressSpace.peek(address, count: 4) else {
                    throw DebugError("cannot read memory at \(address.hexWord)")
                }
                return bytes.reversed().reduce(0) { $0 << 8 | UInt32($1) }
            case "&":
                index += 1
                return try term()
            case "(":
                index += 1
                let value = try sum()
                skipSpaces()
                guard index < characters.count, characters[index] == ")" else { throw DebugError("')' is missing") }
                index += 1
                return value
            default:
                return try atom()
            }
        }

        mutating func atom() throws(DebugError) -> UInt32 {
            let start = index
            while index < characters.count, !" +-*()&".contains(characters[index]) { index += 1 }
            let word = String(characters[start..<index])
            guard !word.isEmpty else { throw DebugError("an expression is missing") }
            if word.hasPrefix("$") {
                guard let value = RegisterNames.value(of: String(word.dropFirst()).lowercased(), in: core) else {
                    throw DebugError("no register called \(word)")
                }
                return value
            }
            if let number = Expression.number(word) { return number }
            if let symbol = symbols.symbol(named: word) { return symbol.value }
            throw DebugError("no symbol \(word) in the firmware")
        }
    }

    /// A decimal or 0x-prefixed hexadecimal number that fits 32 bits.
    static func number(_ word: String) -> UInt32? {
        let lower = word.lowercased()
        if lower.hasPrefix("0x") { return UInt32(lower.dropFirst(2), radix: 16) }
        guard let first = lower.first, first.isNumber else { return nil }
        return UInt32(lower)
    }
}

/// A command that cannot be carried out, said plainly.
struct DebugError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
