import ExampleKit

/// The modern Swift 6 twin of each faithful port: the same idea written
/// with async/await, actors, task groups, async sequences and SwiftNIO,
/// registered as a second example of its block (kind `.idiomatic`) and
/// checked against the same observable behaviour as the port.
enum CourseTwins {}
