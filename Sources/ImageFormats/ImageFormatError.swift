// SPDX-License-Identifier: MIT

/// A malformed or unsupported image, located precisely enough to fix it: the byte offset in the file and the
/// field that is wrong.
public struct ImageFormatError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file the bytes came from, when the caller knows it.
    public var file: String?
    /// Offset of the offending field from the start of the file.
    public let offset: Int
    /// The field, named as in the format's specification (for example `e_ident[EI_CLASS]` or `segment 2 length`).
    public let field: String
    /// What is wrong with it.
    public let problem: String

    public init(offset: Int, field: String, problem: String, file: String? = nil) {
        self.offset = offset
        self.field = field
        self.problem = problem
        self.file = file
    }

    /// The same error, attributed to `file`.
    public func `in`(file: String) -> ImageFormatError {
        var copy = self
        copy.file = file
        return copy
    }

    public var description: String {
        let location = "offset 0x\(String(offset, radix: 16))"
        return "\(file.map { "\($0): " } ?? "")\(location): \(field): \(problem)"
    }
}
