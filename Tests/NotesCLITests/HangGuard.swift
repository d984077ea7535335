import Testing

extension Trait where Self == TimeLimitTrait {
    /// The time limit of every suite: a guard against a hang, nothing more.
    /// `swift test` runs the suites at once, and a test that waits for a
    /// thread behind others (the command-line tests block theirs for
    /// seconds) must still pass on a busy two-core machine, however long
    /// it waited; what is fast enough is measured by `scripts/benchmark`.
    static var hangGuard: Self { .timeLimit(.minutes(10)) }
}
