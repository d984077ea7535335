import Foundation

/// The files a preview serves: only those of the site's folder.
enum PreviewFiles {
    struct File {
        var bytes: [UInt8]
        var type: String
    }

    /// The site file a URL path names, or nil: a path that leaves the
    /// folder (`..`), a folder without `index.html`, a missing file.
    static func file(for path: String, in folder: String) -> File? {
        var relative = (path.removingPercentEncoding ?? path)
        if relative.hasSuffix("/") { relative += "index.html" }
        let parts = relative.split(separator: "/").filter { !$0.isEmpty && $0 != "." }
        guard !parts.contains(".."), !parts.contains(where: { $0.contains("\0") }) else { return nil }
        let full = ([folder] + parts.map(String.init)).joined(separator: "/")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue,
            let data = FileManager.default.contents(atPath: full)
        else { return nil }
        return File(bytes: [UInt8](data), type: type(of: full))
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

    /// A page with the reload script before `</body>`, and, while the last
    /// rebuild failed, a banner saying so after `<body>`.
    static func injecting(into page: [UInt8], failure: String?) -> [UInt8] {
        var text = String(decoding: page, as: UTF8.self)
        if let end = text.range(of: "</body>", options: .backwards) {
            text.insert(contentsOf: reloadSnippet, at: end.lowerBound)
        } else {
            text += reloadSnippet
        }
        if let failure, let body = text.range(of: "<body>") {
            let banner = """
                <div role="alert" style="position:sticky;top:0;z-index:10;padding:12px 16px;background:#ffe9e7;\
                color:#a40e26;border-bottom:2px solid #a40e26;font:14px/1.5 sans-serif">\
                <strong>重新构建失败，页面还是上一次成功的版本。</strong>\
                <pre style="white-space:pre-wrap;margin:8px 0 0">\(escape(failure))</pre></div>
                """
            text.insert(contentsOf: banner, at: body.upperBound)
        }
        return Array(text.utf8)
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
