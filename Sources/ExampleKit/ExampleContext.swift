/// What an example's code is told about the process it runs in.
public struct ExampleContext: Sendable {
    /// The example's id.
    public var id: String
    /// Arguments after the id. Ports that re-launch themselves in another
    /// role (a child process, a server) pass them here.
    public var arguments: [String]

    /// The value after `option` in ``arguments``, e.g. `--port 8989`.
    public func value(of option: String) -> String? {
        guard let index = arguments.firstIndex(of: option), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }

    /// The port a server example should bind: `--port N` if given, else 0,
    /// which lets the kernel pick a free one.
    /// - Throws: ``ArgumentError`` for `--port` without a number from 1 to
    ///   65535 after it (`--port 99999`, `--port abc`, a final `--port`).
    public var port: UInt16 {
        get throws {
            guard let index = arguments.firstIndex(of: "--port") else { return 0 }
            let given = index + 1 < arguments.count ? arguments[index + 1] : ""
            guard let port = UInt16(given), port > 0 else {
                throw ArgumentError("--port takes a number from 1 to 65535, not '\(given)'")
            }
            return port
        }
    }

    /// An argument the example was given that it cannot use. The example
    /// ends with status 1 and this message.
    public struct ArgumentError: Error, CustomStringConvertible {
        public var description: String

        public init(_ description: String) {
            self.description = description
        }
    }

    public init(id: String, arguments: [String]) {
        self.id = id
        self.arguments = arguments
    }
}
