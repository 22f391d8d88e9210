// SPDX-License-Identifier: MIT
import Foundation

/// Something the firmware's console output should contain: literal text or a regular expression.
/// Expectations are met in order, each searched for after the point where the previous one matched.
public enum Expectation: CustomStringConvertible, Sendable {
    case text(String)
    case pattern(String)

    /// The end of the first match at or after `start` in `log`, if any.
    func match(in log: String, from start: String.Index) throws -> String.Index? {
        switch self {
        case .text(let text):
            return log.range(of: text, range: start..<log.endIndex)?.upperBound
        case .pattern(let pattern):
            let regex = try Regex(pattern)
            return try regex.firstMatch(in: log[start...])?.range.upperBound
        }
    }

    public var description: String {
        switch self {
        case .text(let text): "text \"\(text)\""
        case .pattern(let pattern): "pattern /\(pattern)/"
        }
    }
}

/// Scripted serial input: when `trigger` (a regular expression) matches new console output, `text` is
/// typed into UART0. Each trigger fires once, in order.
public struct ScriptedInput: Sendable {
    public let trigger: String
    public let text: String

    public init(trigger: String, text: String) {
        self.trigger = trigger
        self.text = text
    }
}
