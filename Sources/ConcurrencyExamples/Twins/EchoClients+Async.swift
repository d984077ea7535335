import Foundation

extension EchoClients {
    /// ``runConcurrently(port:count:firstNumber:patience:)``, for a
    /// task: the blocking clients run on threads of their own, and the
    /// task waits without holding one of the few threads tasks share.
    static func concurrently(
        port: UInt16, count: Int, firstNumber: Int = 1
    ) async -> [String] {
        await onThreadOfItsOwn {
            runConcurrently(
                port: port, count: count, firstNumber: firstNumber)
        }
    }

    /// ``runSequentially(port:count:firstNumber:)`` for a task.
    static func sequentially(
        port: UInt16, count: Int, firstNumber: Int = 1
    ) async -> [String] {
        await onThreadOfItsOwn {
            runSequentially(
                port: port, count: count, firstNumber: firstNumber)
        }
    }

    /// ``runWorkload(port:roundTrips:)`` for a task.
    static func workload(port: UInt16, roundTrips: Int) async throws {
        try await onThreadOfItsOwn {
            try runWorkload(port: port, roundTrips: roundTrips)
        }
    }
}

/// Runs blocking `body` on a new thread and awaits its value.
func onThreadOfItsOwn<T: Sendable, E: Error>(
    _ body: @escaping @Sendable () throws(E) -> T
) async throws(E) -> T {
    let result = await withCheckedContinuation {
        (done: CheckedContinuation<Result<T, E>, Never>) in
        Thread.detachNewThread {
            done.resume(returning: Result(catching: body))
        }
    }
    return try result.get()
}
