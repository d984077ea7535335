import ExampleKit
import Foundation

/// Lets `count` threads wait until all of them have arrived.
package final class Barrier: @unchecked Sendable {
    private let condition = NSCondition()
    private let count: Int
    private var arrived = 0

    package init(count: Int) {
        self.count = count
    }

    /// Waits until `count` threads have called `arriveAndWait`, or until
    /// `timeout`. Returns false on timeout.
    @discardableResult
    package func arriveAndWait(timeout: Duration = .seconds(5)) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        arrived += 1
        condition.broadcast()
        let limit = Date().addingTimeInterval(timeout.seconds)
        while arrived < count {
            if !condition.wait(until: limit), arrived < count { return false }
        }
        return true
    }
}
