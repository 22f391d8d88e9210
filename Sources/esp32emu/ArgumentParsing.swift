// SPDX-License-Identifier: MIT
import Harness

/// MAC addresses as users write them: six hex bytes separated by colons (or dashes).
enum MACAddress {
    static func parse(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: text.contains("-") ? "-" : ":", omittingEmptySubsequences: false)
        let bytes = parts.compactMap { $0.count == 2 ? UInt8($0, radix: 16) : nil }
        return parts.count == 6 && bytes.count == 6 ? bytes : nil
    }
}

/// The escapes `--send-on` text understands, so a shell argument can carry line endings and control bytes.
enum Escapes {
    enum Decoded: Equatable {
        case success(String)
        case failure(String)
    }

    static func decode(_ text: String) -> Decoded {
        var result = ""
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "\\" else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalars.next() {
            case "n": result += "\n"
            case "r": result += "\r"
            case "t": result += "\t"
            case "\\": result += "\\"
            case "x":
                let digits = String([scalars.next(), scalars.next()].compactMap { $0.map(Character.init) })
                guard digits.count == 2, let value = UInt8(digits, radix: 16), value < 0x80 else {
                    return .failure("\\x needs two hex digits for a byte below 0x80")
                }
                result.unicodeScalars.append(Unicode.Scalar(value))
            case let other?: return .failure("unknown escape \\\(other)")
            case nil: return .failure("a lone \\ at the end")
            }
        }
        return .success(result)
    }
}

/// ArgumentParser keeps `--expect` and `--expect-regex` values in two arrays; the command line says how they
/// interleave.
enum ExpectationOrder {
    static func interleave(texts: [String], patterns: [String], arguments: [String]) -> [Expectation] {
        var order: [Bool] = []  // true: a text
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--expect" || argument.hasPrefix("--expect=") { order.append(true) }
            if argument == "--expect-regex" || argument.hasPrefix("--expect-regex=") { order.append(false) }
            // Skip a separate value so that a value spelled like an option is not counted.
            if ["--expect", "--expect-regex", "--fail-text"].contains(argument) { index += 1 }
            index += 1
        }
        guard order.filter({ $0 }).count == texts.count, order.filter({ !$0 }).count == patterns.count else {
            return texts.map(Expectation.text) + patterns.map(Expectation.pattern)
        }
        var textIterator = texts.makeIterator()
        var patternIterator = patterns.makeIterator()
        return order.compactMap { isText in
            isText ? textIterator.next().map(Expectation.text) : patternIterator.next().map(Expectation.pattern)
        }
    }
}

/// `--send-on REGEX TEXT` takes two values, which ArgumentParser cannot express without swallowing the image
/// path that may follow. Before parsing, the second value gets its own hidden option:
/// `--send-on R T` becomes `--send-on R --send-on-text T`.
enum SendOnArguments {
    static let textOption = "send-on-text"

    static func rewrite(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            result.append(argument)
            index += 1
            if argument == "--" {
                result += arguments[index...]
                break
            }
            // QEMU's spelling of the GDB server: -gdb tcp::PORT (and -s for port 1234).
            if argument == "-gdb" && index < arguments.count {
                result[result.count - 1] = "--gdb"
                let value = arguments[index]
                result.append(value.hasPrefix("tcp::") ? String(value.dropFirst("tcp::".count)) : value)
                index += 1
                continue
            }
            if argument == "-s" {
                result[result.count - 1] = "--gdb"
                result.append("1234")
                continue
            }
            if argument == "--send-on" && index + 1 < arguments.count {
                result += [arguments[index], "--" + textOption, arguments[index + 1]]
                index += 2
            }
        }
        return result
    }
}
