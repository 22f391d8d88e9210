// SPDX-License-Identifier: MIT
import ArgumentParser
import Foundation
import ImageFormats

/// `esp32emu inspect IMAGE`: what an ELF, app image or merged flash image contains and where it loads.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the entry point, sections and segments of an ELF, app image (.bin) or flash image.")

    @Argument(help: "An ELF file, an esptool app image, or a merged flash image.")
    var image: String

    func run() throws {
        guard let data = FileManager.default.contents(atPath: image) else {
            throw fail("cannot read \(image)")
        }
        do {
            print(try ImageDescription.describe(bytes: [UInt8](data), name: (image as NSString).lastPathComponent))
        } catch {
            throw fail(error.in(file: image).description)
        }
    }
}
