/// Errors of the queues and pools, named after Python's.
package enum QueueError: Error, Equatable, CustomStringConvertible {
    /// `queue.Full`: a put with a timeout found no room in time.
    case full
    /// `queue.Empty`: a get with a timeout found nothing in time.
    case empty
    /// `ValueError: task_done() called too many times`.
    case taskDoneTooManyTimes
    /// `ValueError: Pool not running`: a task submitted after `close()`.
    case poolNotRunning
    /// `multiprocessing.TimeoutError`: a result was not ready in time.
    case timeout

    package var description: String {
        switch self {
        case .full: "queue.Full"
        case .empty: "queue.Empty"
        case .taskDoneTooManyTimes: "ValueError: task_done() called too many times"
        case .poolNotRunning: "ValueError: Pool not running"
        case .timeout: "TimeoutError"
        }
    }
}
