// SPDX-License-Identifier: MIT
import Testing
import WebSocketCore

/// Frames out (masked, every length form, chunked messages) and in (chunks, unmasking, violations).
@Suite struct FrameTests {
    @Test func lengthsUseTheSmallestForm() {
        for (length, header) in [
            (0, [0x81, 0x80]), (125, [0x81, 0xFD]), (126, [0x81, 0xFE, 0x00, 0x7E]),
            (65535, [0x81, 0xFE, 0xFF, 0xFF]),
            (65536, [0x81, 0xFF, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x00]),
        ] as [(Int, [UInt8])] {
            let frame = FrameEncoder.frame(
                opcode: .text, fin: true, payload: [UInt8](repeating: 7, count: length), mask: 0)
            #expect(Array(frame.prefix(header.count)) == header, "\(length)")
            #expect(frame.count == header.count + 4 + length)
        }
    }

    @Test func payloadsAreMaskedWithTheKey() {
        let frame = FrameEncoder.frame(opcode: .binary, fin: true, payload: [0, 0, 0, 0, 0xFF], mask: 0x1234_5678)
        #expect(frame == [0x82, 0x85, 0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0xED])
    }

    @Test func messagesAreCutAtTheBufferSize() {
        var masks: [UInt32] = [1, 2, 3]
        let frames = FrameEncoder.message(
            opcode: .text, payload: [UInt8](repeating: 0x61, count: 2000), fin: true, maximumPayload: 1024,
            nextMask: { masks.removeFirst() })
        #expect(frames.map { $0[0] } == [0x01, 0x80], "TEXT without FIN, then CONT with FIN")
        #expect(frames.map(\.count) == [1024 + 8, 976 + 8])
        let partial = FrameEncoder.message(
            opcode: .binary, payload: [1], fin: false, maximumPayload: 1024, nextMask: { 0 })
        #expect(partial.map { $0[0] } == [0x02])
        let finish = FrameEncoder.message(
            opcode: .continuation, payload: [], fin: true, maximumPayload: 1024, nextMask: { 0 })
        #expect(finish == [[0x80, 0x80, 0, 0, 0, 0]])
    }

    @Test func aLongFrameArrivesInFullChunksWhateverTheSegmentation() throws {
        var decoder = FrameDecoder(chunkSize: 1024)
        let payload = (0..<2000).map { UInt8($0 & 0xFF) }
        let frame: [UInt8] = [0x81, 126, 0x07, 0xD0] + payload
        var chunks: [FrameDecoder.Chunk] = []
        for index in stride(from: 0, to: frame.count, by: 7) {  // 7-byte segments
            decoder.append(frame[index..<min(index + 7, frame.count)])
            while let chunk = try decoder.next() { chunks.append(chunk) }
        }
        #expect(chunks.map(\.data.count) == [1024, 976])
        #expect(chunks.map(\.offset) == [0, 1024])
        #expect(chunks.allSatisfy { $0.payloadLength == 2000 && $0.fin && $0.opcode == 1 })
        #expect(chunks.flatMap(\.data) == payload)
    }

    @Test func maskedServerFramesAreUnmaskedAndEmptyFramesAreOneChunk() throws {
        var decoder = FrameDecoder(chunkSize: 1024)
        decoder.append(FrameEncoder.frame(opcode: .text, fin: true, payload: ascii("hello"), mask: 0xDEAD_BEEF))
        decoder.append([0x89, 0x00])  // empty PING
        #expect(try decoder.next()?.data == ascii("hello"))
        let ping = try #require(try decoder.next())
        #expect(ping.opcode == 9 && ping.data.isEmpty && ping.payloadLength == 0)
        #expect(try decoder.next() == nil)
    }

    @Test func fragmentedMessagesKeepTheirFrames() throws {
        var decoder = FrameDecoder(chunkSize: 1024)
        decoder.append([0x01, 0x01, 0x61, 0x00, 0x01, 0x62, 0x89, 0x00, 0x80, 0x01, 0x63])
        var seen: [String] = []
        while let chunk = try decoder.next() { seen.append("\(chunk.opcode)/\(chunk.fin)/\(text(chunk.data))") }
        #expect(seen == ["1/false/a", "0/false/b", "9/true/", "0/true/c"], "a PING may come between fragments")
    }

    @Test func protocolViolationsAreErrors() {
        let cases: [([UInt8], FrameDecoder.Violation)] = [
            ([0xC1, 0x00], .reservedBits),
            ([0xA1, 0x00], .reservedBits),
            ([0x83, 0x00], .reservedOpcode(3)),
            ([0x8B, 0x00], .reservedOpcode(11)),
            ([0x09, 0x00], .fragmentedControlFrame),
            ([0x89, 126, 0x00, 0x7E] + [UInt8](repeating: 0, count: 126), .controlFrameTooLong),
            ([0x82, 127, 0, 0, 0, 0, 0x80, 0, 0, 0], .lengthTooLarge),
            ([0x80, 0x00], .unexpectedContinuation),
            ([0x01, 0x00, 0x81, 0x00], .expectedContinuation),
        ]
        for (bytes, violation) in cases {
            var decoder = FrameDecoder(chunkSize: 1024)
            decoder.append(bytes)
            #expect(throws: violation, "\(bytes.prefix(4))") {
                while try decoder.next() != nil {}
            }
        }
        var small = FrameDecoder(chunkSize: 16)
        small.append([0x89, 20] + [UInt8](repeating: 0, count: 20))
        #expect(throws: FrameDecoder.Violation.controlFrameLargerThanBuffer) { _ = try small.next() }
    }
}
