// SPDX-License-Identifier: MIT

/// A JUnit XML result for one firmware run, the format CI systems (GitLab, Jenkins, GitHub test reporters)
/// read: one test suite with one test case, a failure element when the run failed, and the console log as
/// system-out.
public struct JUnitReport: Sendable {
    public var suiteName: String
    public var testName: String
    /// Wall-clock seconds the run took.
    public var duration: Double
    /// Why the run failed (nil when it passed) and a short failure type such as "timeout".
    public var failure: (message: String, type: String)?
    public var log: String

    public init(
        suiteName: String, testName: String, duration: Double, failure: (message: String, type: String)?,
        log: String
    ) {
        self.suiteName = suiteName
        self.testName = testName
        self.duration = duration
        self.failure = failure
        self.log = log
    }

    public var xml: String {
        let time = String(format: "%.3f", duration)
        let failures = failure == nil ? 0 : 1
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites tests="1" failures="\#(failures)" time="\#(time)">"#,
            #"  <testsuite name="\#(JUnitReport.escape(suiteName))" tests="1" failures="\#(failures)" errors="0" time="\#(time)">"#,
            #"    <testcase classname="\#(JUnitReport.escape(suiteName))" name="\#(JUnitReport.escape(testName))" time="\#(time)">"#,
        ]
        if let failure {
            lines.append(
                #"      <failure message="\#(JUnitReport.escape(failure.message))" type="\#(JUnitReport.escape(failure.type))">"#
                    + JUnitReport.escape(failure.message) + "</failure>")
        }
        lines.append("      <system-out>" + JUnitReport.escape(log) + "</system-out>")
        lines += ["    </testcase>", "  </testsuite>", "</testsuites>", ""]
        return lines.joined(separator: "\n")
    }

    /// Escapes markup characters and replaces characters XML 1.0 cannot carry at all (most control codes,
    /// which firmware logs do contain: ANSI colour escapes) with U+FFFD.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value):
                result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
