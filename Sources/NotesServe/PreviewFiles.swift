import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The files a preview serves: only those of the site's folder.
enum PreviewFiles {
    /// A regular file of the site, open for reading; closed when let go.
    final class File {
        let descriptor: Int32
        let size: Int
        let type: String

        fileprivate init(descriptor: Int32, size: Int, type: String) {
            self.descriptor = descriptor
            self.size = size
            self.type = type
        }

        deinit { close(descriptor) }

        /// Up to `count` bytes from `offset`; fewer at the end of the file,
        /// nil when it cannot be read.
        func read(at offset: Int, count: Int) -> [UInt8]? {
            var bytes = [UInt8](repeating: 0, count: count)
            var done = 0
            while done < count {
                let got = bytes.withUnsafeMutableBytes { raw in
                    pread(descriptor, raw.baseAddress! + done, count - done, off_t(offset + done))
                }
                if got < 0, errno == EINTR { continue }
                guard got >= 0 else { return nil }
                if got == 0 { break }
                done += got
            }
            return Array(bytes.prefix(done))
        }

        /// The whole file.
        var bytes: [UInt8]? { read(at: 0, count: size) }
    }

    /// The site file a URL path names, or nil: a path that leaves the
    /// folder (`..`) or has any part starting with a dot (`.env`, `.git/`),
    /// a symbolic link anywhere on the way, a folder without `index.html`,
    /// anything but a regular file, a missing file.
    static func file(for path: String, in folder: String) -> File? {
        var relative = path.removingPercentEncoding ?? path
        if relative.hasSuffix("/") { relative += "index.html" }
        let parts = relative.split(separator: "/")
        guard !parts.isEmpty, !parts.contains(where: { $0.hasPrefix(".") || $0.contains("\0") }) else { return nil }
        // Each part is opened in the folder the one before opened, and none
        // may be a symbolic link: the path cannot be led out of the folder.
        var descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        for (index, part) in parts.enumerated() where descriptor >= 0 {
            let kind = index == parts.count - 1 ? O_NONBLOCK : O_DIRECTORY
            let next = openat(descriptor, String(part), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | kind)
            close(descriptor)
            descriptor = next
        }
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return nil
        }
        return File(descriptor: descriptor, size: Int(info.st_size), type: type(of: String(parts.last!)))
    }

    static func type(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        default: "application/octet-stream"
        }
    }

    /// The script that reloads the page when the server says so; the one
    /// difference between a served page and the built one.
    static let reloadSnippet = """
        <script>new EventSource("\(PreviewHandler.eventsPath)").onmessage = function (event) {
          if (event.data === "reload") { location.reload(); }
        };</script>
        """

    /// What a page gets, and where, in order: the reload script before
    /// `</body>` (else at the end), and, while the last rebuild failed, a
    /// banner saying so after `<body>`.
    static func insertions(into page: [UInt8], failure: String?) -> [(offset: Int, bytes: [UInt8])] {
        var insertions: [(offset: Int, bytes: [UInt8])] = []
        if let failure, let body = page.firstRange(of: Array("<body>".utf8)) {
            let banner = """
                <div role="alert" style="position:sticky;top:0;z-index:10;padding:12px 16px;background:#ffe9e7;\
                color:#a40e26;border-bottom:2px solid #a40e26;font:14px/1.5 sans-serif">\
                <strong>重新构建失败，页面还是上一次成功的版本。</strong>\
                <pre style="white-space:pre-wrap;margin:8px 0 0">\(escape(failure))</pre></div>
                """
            insertions.append((body.upperBound, Array(banner.utf8)))
        }
        let end = page.ranges(of: Array("</body>".utf8)).last?.lowerBound ?? page.count
        insertions.append((end, Array(reloadSnippet.utf8)))
        return insertions.sorted { $0.offset < $1.offset }  // stable: at one place, the banner first
    }

    /// A page with its ``insertions(into:failure:)``.
    static func injecting(into page: [UInt8], failure: String?) -> [UInt8] {
        var result: [UInt8] = []
        var start = 0
        for (offset, bytes) in insertions(into: page, failure: failure) {
            result += page[start..<offset] + bytes
            start = offset
        }
        return result + page[start...]
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
