/// One Swift implementation of one code block of the notes.
///
/// A block can have several: a faithful ``Kind/port``, an ``Kind/idiomatic``
/// modern-Swift twin, and a ``Kind/compileFailure(diagnostic:)`` lesson that
/// the compiler must reject. Each is registered separately and checked on
/// its own; the block passes when all of them pass.
public struct Example: Sendable {
    public enum Kind: Sendable, Hashable {
        /// A faithful port: the same concept and primitive as the Python.
        case port
        /// The same idea written the way modern Swift would.
        case idiomatic
        /// Source the compiler must reject, with a diagnostic matching this
        /// pattern. The file is not part of any target.
        case compileFailure(diagnostic: String)
    }

    /// The code that runs in the example's own process, on its main thread
    /// (so that a port may `fork()` while the process has one thread).
    public typealias Main = @Sendable (ExampleContext) throws -> Void
    /// Code that runs in a task; the process's main thread serves the main
    /// queue meanwhile, so `@MainActor` code works too.
    public typealias AsyncMain = @Sendable (ExampleContext) async throws -> Void

    /// What runs: plain code, or a task.
    public enum Entry: Sendable {
        case sync(Main)
        case async(AsyncMain)
    }

    /// A stable, unique, kebab-case name, e.g. `thread-lock`.
    public var id: String
    /// The notes block this example implements.
    public var block: BlockLocator
    /// ``Fingerprint`` of the block's code when the example was last reviewed.
    public var fingerprint: String
    public var kind: Kind
    /// The port's source file, relative to the folder of the file that
    /// registers it.
    public var source: String
    public var expectations: [Expectation]
    /// The run whose standard output this example's must equal line for
    /// line (in order, or in any order where threads interleave): the
    /// notes' code, or a probe of it. Nil where the two print differently
    /// on purpose.
    public var sameOutput: SameOutput?
    /// Overrides the checker's default timeout.
    public var timeout: Duration?
    /// Nil for a compile-failure lesson, which only compiles.
    public var entry: Entry?
    /// Where the example was registered, for diagnostics and for rewriting
    /// its fingerprint after review.
    public var declaration: Declaration

    /// The file and line of a registration: `#filePath` and `#line` at the call.
    public struct Declaration: Sendable, Hashable {
        public var filePath: String
        public var line: Int

        public init(filePath: String, line: Int) {
            self.filePath = filePath
            self.line = line
        }
    }

    public init(
        _ id: String,
        ports block: BlockLocator,
        fingerprint: String,
        kind: Kind = .port,
        source: String,
        expect expectations: [Expectation] = [],
        sameOutput: SameOutput? = nil,
        timeout: Duration? = nil,
        filePath: String = #filePath,
        line: Int = #line,
        main: Main?
    ) {
        self.id = id
        self.block = block
        self.fingerprint = fingerprint
        self.kind = kind
        self.source = source
        self.expectations = expectations
        self.sameOutput = sameOutput
        self.timeout = timeout
        self.entry = main.map(Entry.sync)
        self.declaration = Declaration(filePath: filePath, line: line)
    }

    /// An example whose code is `async` (a twin on tasks, actors or an
    /// event loop passes `kind: .idiomatic`): `main:` takes either kind of function.
    public init(
        _ id: String,
        ports block: BlockLocator,
        fingerprint: String,
        kind: Kind = .port,
        source: String,
        expect expectations: [Expectation] = [],
        sameOutput: SameOutput? = nil,
        timeout: Duration? = nil,
        filePath: String = #filePath,
        line: Int = #line,
        main: @escaping AsyncMain
    ) {
        self.init(
            id, ports: block, fingerprint: fingerprint, kind: kind, source: source, expect: expectations,
            sameOutput: sameOutput, timeout: timeout, filePath: filePath, line: line, main: nil)
        self.entry = .async(main)
    }

    /// The absolute path of ``source``, resolved against the registering file.
    public var sourcePath: String {
        var folder = declaration.filePath
        if let slash = folder.lastIndex(of: "/") { folder = String(folder[..<slash]) }
        return folder + "/" + source
    }
}

/// Output that must be the same as another run's: the comparison that lets
/// a reader set the port's output beside the Python's, line by line.
public struct SameOutput: Sendable, Hashable {
    public var source: RunSource
    /// Whether the lines must come in the same order.
    public var ordered: Bool

    /// The same lines as the notes' code prints, as written.
    public static func python(ordered: Bool = true) -> SameOutput { SameOutput(source: .python, ordered: ordered) }

    /// The same lines as the probe `name` prints.
    public static func probe(_ name: String, ordered: Bool = true) -> SameOutput {
        SameOutput(source: .probe(name), ordered: ordered)
    }

    public init(source: RunSource, ordered: Bool) {
        self.source = source
        self.ordered = ordered
    }
}

/// A block that deliberately has no example, and why.
public struct Waiver: Sendable, Hashable {
    public var block: BlockLocator
    public var reason: String
    public var declaration: Example.Declaration

    public init(
        _ block: BlockLocator, reason: String,
        filePath: String = #filePath, line: Int = #line
    ) {
        self.block = block
        self.reason = reason
        self.declaration = .init(filePath: filePath, line: line)
    }
}

/// Every example, review and waiver an examples module offers.
public struct ExampleRegistry: Sendable {
    public var examples: [Example]
    /// What reviewers found in the blocks: how to run the notes' code,
    /// probes, claims and errata.
    public var reviews: [Review]
    public var waivers: [Waiver]
    /// A folder keeping each block's text as it read when its examples were
    /// last reviewed, one `<fingerprint>.txt` per text, so that a stale
    /// block can show what changed since. Nil keeps none.
    public var reviewedBlocks: String?
    /// The Swift file where `notes new` registers a new port: it holds the
    /// markers `// notes new: examples above this line` and `// notes new:
    /// reviews above this line`, and new port files go beside it.
    public var additions: String?

    public init(
        examples: [Example], reviews: [Review] = [], waivers: [Waiver] = [], reviewedBlocks: String? = nil,
        additions: String? = nil
    ) {
        self.examples = examples
        self.reviews = reviews
        self.waivers = waivers
        self.reviewedBlocks = reviewedBlocks
        self.additions = additions
    }

    public func example(id: String) -> Example? {
        examples.first { $0.id == id }
    }
}

extension Example.Kind {
    public var isCompileFailure: Bool {
        if case .compileFailure = self { true } else { false }
    }
}
