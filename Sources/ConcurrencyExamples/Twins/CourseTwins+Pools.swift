import ExampleKit

extension CourseTwins {
    /// The chapter 并发池: blocks 8 to 12.
    static let pools: [Example] = []
}
