// SPDX-License-Identifier: MIT

/// The guest's DNS server at 10.0.2.3, answered here rather than by slirp, which would pass queries to the
/// host's resolver: A queries for the configured names (`--dns NAME=IP`, and `localhost`) get their address,
/// other names NXDOMAIN — unless a host lookup is given (`--dns-forward`). Queries are parsed without
/// trusting a byte; what is not a query gets no answer, what is malformed gets FORMERR.
struct DNSResponder {
    enum RecordType {
        static let a: UInt16 = 1
        static let any: UInt16 = 255
    }

    enum ResponseCode: UInt16 {
        case noError = 0, formatError = 1, nameError = 3, notImplemented = 4
    }

    /// Lower-case name → address.
    private(set) var names: [String: IPv4Address] = ["localhost": .loopback]
    /// Asks the host's resolver for a name the table does not have (only with `--dns-forward`).
    var hostLookup: ((String) -> IPv4Address?)?
    static let timeToLive: UInt32 = 60

    init(entries: [(name: String, address: IPv4Address)]) {
        for (name, address) in entries { names[name.lowercased()] = address }
    }

    /// What the query's first question asked and how it was answered, for statistics.
    enum Result: Equatable {
        case answered(String, IPv4Address?)
        case unknown(String)
        case malformed
    }

    /// The response to a DNS message, or nil if it deserves none (a response, or too short to carry an ID).
    func respond(to query: ArraySlice<UInt8>) -> (response: [UInt8], result: Result)? {
        let message = Array(query)
        guard message.count >= 12, message[2] & 0x80 == 0 else { return nil }  // QR set: not a query
        let opcode = message[2] >> 3 & 0xF
        let questions = Int(message[4]) << 8 | Int(message[5])
        guard opcode == 0 else {
            return (header(for: message, code: .notImplemented, questions: 0, answers: 0), .malformed)
        }
        guard questions >= 1, let question = parseQuestion(message, at: 12) else {
            return (header(for: message, code: .formatError, questions: 0, answers: 0), .malformed)
        }
        let questionBytes = Array(message[12..<question.end])
        let name = question.labels.joined(separator: ".").lowercased()
        guard question.type == RecordType.a || question.type == RecordType.any || names[name] != nil else {
            // Another type (AAAA, MX, …) for a name we do not know: the name does not exist either way.
            return (header(for: message, code: .nameError, questions: 1, answers: 0) + questionBytes, .unknown(name))
        }
        guard let address = names[name] ?? hostLookup?(name) else {
            return (header(for: message, code: .nameError, questions: 1, answers: 0) + questionBytes, .unknown(name))
        }
        guard question.type == RecordType.a || question.type == RecordType.any, question.class == 1 else {
            // The name exists but has no record of this type (no IPv6 here): NOERROR with no answers.
            return (
                header(for: message, code: .noError, questions: 1, answers: 0) + questionBytes, .answered(name, nil)
            )
        }
        let ttl = DNSResponder.timeToLive
        let answer: [UInt8] =
            [0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01]  // the name at offset 12, type A, class IN
            + [UInt8(ttl >> 24), UInt8(ttl >> 16 & 0xFF), UInt8(ttl >> 8 & 0xFF), UInt8(ttl & 0xFF), 0x00, 0x04]
            + address.bytes
        return (
            header(for: message, code: .noError, questions: 1, answers: 1) + questionBytes + answer,
            .answered(name, address)
        )
    }

    private struct Question {
        var labels: [String]
        var type: UInt16
        var `class`: UInt16
        var end: Int
    }

    /// The question at `offset`: labels of 1–63 bytes up to 255 in all, no compression (a query has none).
    private func parseQuestion(_ message: [UInt8], at offset: Int) -> Question? {
        var labels: [String] = []
        var position = offset
        var nameBytes = 0
        while true {
            guard position < message.count else { return nil }
            let length = Int(message[position])
            position += 1
            if length == 0 { break }
            guard length <= 63, position + length <= message.count else { return nil }
            nameBytes += length + 1
            guard nameBytes <= 255 else { return nil }
            labels.append(String(decoding: message[position..<(position + length)], as: UTF8.self))
            position += length
        }
        guard !labels.isEmpty, position + 4 <= message.count else { return nil }
        let type = UInt16(message[position]) << 8 | UInt16(message[position + 1])
        let `class` = UInt16(message[position + 2]) << 8 | UInt16(message[position + 3])
        return Question(labels: labels, type: type, class: `class`, end: position + 4)
    }

    /// A response header for `query`: its ID, opcode and RD bit; QR, AA and RA set.
    private func header(for query: [UInt8], code: ResponseCode, questions: UInt16, answers: UInt16) -> [UInt8] {
        let flags: UInt16 = 0x8000 | UInt16(query[2] & 0x79) << 8 | 0x0400 | 0x0080 | code.rawValue
        return [query[0], query[1], UInt8(flags >> 8), UInt8(flags & 0xFF), 0, UInt8(questions), 0, UInt8(answers)]
            + [0, 0, 0, 0]
    }
}
