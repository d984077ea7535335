import ExampleKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The one factor by which every port shortens the notes' sleeps, so that
/// all twelve ports run in a few seconds. The notes' `sleep(2)` is written
/// `sleep(scaled: 2)` and lasts 0.2 s; `sleep(3)` lasts 0.3 s.
package let sleepScale = 0.1

/// Sleeps for `seconds` of the notes' time: `seconds × sleepScale` real seconds.
package func sleep(scaled seconds: Double) {
    usleep(UInt32(seconds * sleepScale * 1_000_000))
}

/// Seconds on a monotonic clock, for measuring how long things took.
package func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// The moment `timeout` from now, or nil for no timeout.
func deadline(after timeout: Duration?) -> Date? {
    timeout.map { Date().addingTimeInterval($0.seconds) }
}
