// SPDX-License-Identifier: MIT
import Foundation

/// The firmware's source files, read on demand from the paths the line table records (the checkout that built
/// the firmware), to show the lines a debugger stops at.
final class SourceFiles {
    private var cache: [String: [Substring]?] = [:]

    /// Line `number` (1-based) of `path`, or nil if the file cannot be read or is shorter.
    func line(_ number: Int, of path: String) -> String? {
        guard let lines = lines(of: path), number >= 1, number <= lines.count else { return nil }
        return String(lines[number - 1])
    }

    func lines(of path: String) -> [Substring]? {
        if let cached = cache[path] { return cached }
        let lines = (try? String(contentsOfFile: path, encoding: .utf8))
            .map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        cache[path] = lines
        return lines
    }
}
