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
    public var port: UInt16 {
        value(of: "--port").flatMap(UInt16.init) ?? 0
    }

    public init(id: String, arguments: [String]) {
        self.id = id
        self.arguments = arguments
    }
}
