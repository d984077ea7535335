#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ends the example with a failure when an invariant it relies on is false.
///
/// The message goes to standard error, and the process exits with status 1.
/// The checker treats any non-zero exit as a failed example and shows this
/// message beside the block.
public func invariant(
    _ condition: @autoclosure () -> Bool,
    _ message: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    guard !condition() else { return }
    fflush(nil)
    let text = "invariant failed: \(message()) (\(file):\(line))\n"
    _ = text.withCString { fputs($0, stderr) }
    exit(1)
}
