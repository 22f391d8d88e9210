// SPDX-License-Identifier: MIT

/// Something the firmware's console output should contain: literal text or a regular expression.
/// Expectations are met in order, each searched for after the point where the previous one matched.
public enum Expectation: CustomStringConvertible, Sendable, Equatable {
    case text(String)
    case pattern(String)

    public var description: String {
        switch self {
        case .text(let text): "text \"\(text)\""
        case .pattern(let pattern): "pattern /\(pattern)/"
        }
    }

    /// Throws `SessionError.badPattern` if this is a pattern that does not compile.
    public func validate() throws {
        if case .pattern(let pattern) = self { _ = try OutputMatcher.compile(pattern) }
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

/// Finds expectations in a growing byte log without rescanning it: literal text is searched only where new
/// output could complete a match, and a pattern only in the last `patternWindow` bytes before new output
/// (so a pattern cannot span more than that).
struct OutputMatcher {
    static let patternWindow = 64 * 1024
    private var compiled: [String: Regex<AnyRegexOutput>] = [:]

    static func compile(_ pattern: String) throws -> Regex<AnyRegexOutput> {
        do { return try Regex(pattern) } catch { throw SessionError.badPattern(pattern, "\(error)") }
    }

    /// The byte range of the first match of `expectation` in `log[start...]` that ends after `checked` (the
    /// log length when this was last asked: earlier matches would have been found then).
    mutating func firstMatch(
        of expectation: Expectation, in log: [UInt8], from start: Int, checked: Int
    ) throws
        -> Range<Int>?
    {
        switch expectation {
        case .text(let text):
            let needle = Array(text.utf8)
            guard !needle.isEmpty else { return start..<start }
            var index = max(start, checked - needle.count + 1)
            while index + needle.count <= log.count {
                if log[index] == needle[0] && log[index..<index + needle.count].elementsEqual(needle) {
                    return index..<index + needle.count
                }
                index += 1
            }
            return nil
        case .pattern(let pattern):
            guard checked < log.count || checked == start else { return nil }
            let regex = try compiled[pattern] ?? OutputMatcher.compile(pattern)
            compiled[pattern] = regex
            let windowStart = max(start, checked - OutputMatcher.patternWindow)
            let text = String(decoding: log[windowStart...], as: UTF8.self)
            guard let match = try regex.firstMatch(in: text) else { return nil }
            let lower = windowStart + text.utf8.distance(from: text.startIndex, to: match.range.lowerBound)
            let upper = windowStart + text.utf8.distance(from: text.startIndex, to: match.range.upperBound)
            return lower..<upper
        }
    }
}
