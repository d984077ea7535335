import ExampleKit

extension CourseTwins {
    /// The chapter 并发通信: blocks 1 to 7.
    static let communication: [Example] = []
}
