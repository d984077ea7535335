/// What an example's code is told about the process it runs in.
public struct ExampleContext: Sendable {
    /// The example's id.
    public var id: String
    /// Arguments after the id. Ports that re-launch themselves in another
    /// role (a child process, a server) pass them here.
    public var arguments: [String]
    /// The absolute path of the running executable, for re-launching.
    public var executablePath: String

    public init(id: String, arguments: [String], executablePath: String) {
        self.id = id
        self.arguments = arguments
        self.executablePath = executablePath
    }
}
