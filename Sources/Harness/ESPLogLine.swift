// SPDX-License-Identifier: MIT

/// An ESP-IDF log line as `ESP_LOGx` prints it — `I (1234) tag: message`, possibly wrapped in the ANSI colour
/// codes of CONFIG_LOG_COLORS — read into its parts, so that tests assert on levels, tags and messages.
public struct ESPLogLine: Equatable, Sendable {
    public enum Level: String, Sendable {
        case error = "E", warning = "W", info = "I", debug = "D", verbose = "V"
    }

    public var level: Level
    /// Milliseconds since boot, as the firmware printed them.
    public var milliseconds: Int
    public var tag: String
    public var message: String

    /// Reads `line` (without its line ending); nil if it is not an ESP-IDF log line.
    public init?(_ line: some StringProtocol) {
        var text = Substring(line)
        if text.hasPrefix("\u{1B}[") {  // colour: ESC [ 0 ; 3x m … ESC [ 0 m
            guard let end = text.firstIndex(of: "m") else { return nil }
            text = text[text.index(after: end)...]
            if let reset = text.range(of: "\u{1B}[0m", options: .backwards) { text = text[..<reset.lowerBound] }
        }
        guard let match = text.wholeMatch(of: #/([EWIDV]) \((\d+)\) ([^:]+): (.*)/#),
            let level = Level(rawValue: String(match.1)),
            let milliseconds = Int(match.2)
        else { return nil }
        self.level = level
        self.milliseconds = milliseconds
        tag = String(match.3)
        message = String(match.4)
    }
}

extension Session {
    /// UART0's ESP-IDF log lines so far, in order.
    public var logLines: [ESPLogLine] {
        log.split(separator: "\n", omittingEmptySubsequences: true).compactMap { ESPLogLine($0) }
    }

    /// The WebSocket client events an app logged the way ESP-IDF's websocket example does
    /// (`WEBSOCKET_EVENT_CONNECTED`, …), in order, as their names without the prefix ("CONNECTED").
    public var loggedWebSocketEvents: [String] {
        logLines.compactMap { line in
            guard line.message.hasPrefix("WEBSOCKET_EVENT_") else { return nil }
            return String(line.message.dropFirst("WEBSOCKET_EVENT_".count).prefix { $0.isLetter || $0 == "_" })
        }
    }

    /// Runs until an ESP-IDF log line from `tag` whose message contains `text` appears (after the lines seen so
    /// far), and returns it; throws SessionFailure like `waitFor` when it does not come within `timeout`.
    @discardableResult
    public func waitFor(
        logFrom tag: String, containing text: String, level: ESPLogLine.Level? = nil, timeout: Double
    )
        throws -> ESPLogLine
    {
        let seen = logLines.count
        let letters = level.map { [$0.rawValue] } ?? ["E", "W", "I", "D", "V"]
        let pattern =
            "(?:" + letters.joined(separator: "|") + #") \(\d+\) "# + Session.escaped(tag) + ": .*"
            + Session.escaped(text)
        _ = try waitFor(.pattern(pattern), timeout: timeout)
        guard
            let line = logLines.dropFirst(seen).first(where: {
                $0.tag == tag && $0.message.contains(text) && (level == nil || $0.level == level)
            })
        else { throw SessionFailure(outcome: .completed, recentLog: recentLog()) }
        return line
    }

    static func escaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
