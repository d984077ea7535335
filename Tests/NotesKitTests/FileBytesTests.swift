import Foundation
import Testing

@testable import NotesKit

@Suite("Files read and written by their bytes", .hangGuard)
struct FileBytesTests {
    @Test func aFileReadsBackAsItWasWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("filebytes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("note.md").path
        for bytes in [[], Array("线程池\n".utf8), (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }] {
            let chunks = [bytes.prefix(bytes.count / 3), bytes.dropFirst(bytes.count / 3)]
            #expect(FileBytes.writeAtomically(chunks, to: path) == nil)
            #expect(FileBytes.read(path) == bytes)
        }
        #expect(FileBytes.read(folder.appendingPathComponent("missing.md").path) == nil)
        #expect(FileBytes.read(folder.path) == nil, "a folder is not a file to read")
        // Nothing is left beside the file, and a file in a missing folder is not written.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["note.md"])
        #expect(FileBytes.writeAtomically([[1][...]], to: folder.appendingPathComponent("no/such.md").path) != nil)
    }
}
