import ExampleKit
import Foundation

/// The notes' race slowed down to single steps: f1 does `var += 1` and
/// f2 does `var -= 1`, once each, and each split into the read and the
/// write it really is.
///
/// A handshake holds the two threads in step. f2 reads only after f1 has
/// read; f1 writes only after f2 has read (or is waiting for the lock);
/// f2 writes only after f1 has written. Without a lock that is the
/// interleaving that loses an update, and it happens on every run: both
/// read 1, f1 writes 2, f2 writes 0. With a lock held around each read
/// and write, f2 finds the lock taken and waits; it reads f1's 2 and
/// writes 1, and nothing is lost.
///
/// The handshake orders every step, so the result is the same on every
/// run and ThreadSanitizer sees no race. Each wait gives up after
/// `patience`, so a wrong primitive cannot hang it; a wait that gives
/// up is a step of its own and shows in the output.
enum SteppedIncrements {
    struct Outcome: Sendable, Equatable {
        /// The value before the two updates; also the correct result.
        var start: Int
        /// What each thread did, in order: "f1 读到 1", "f2 等锁", ….
        var steps: [String]
        var result: Int

        /// The lines the ports print.
        var lines: [String] {
            let lost =
                switch result - start {
                case 0: ""
                case -1: "，f1 的更新丢了"
                case 1: "，f2 的更新丢了"
                default: "，这不是丢一次更新能解释的"
                }
            return [
                "强制交错：" + steps.joined(separator: "，"),
                "强制交错之后 var = \(result)（正确的值是 \(start)\(lost)）",
            ]
        }

        /// The lines as standard output, each ending in a newline.
        var output: String { lines.map { $0 + "\n" }.joined() }
    }

    /// Runs f1 and f2 once, in step, on two threads.
    static func run(
        start: Int = 1, lock: NSLock? = nil,
        patience: Duration = .seconds(2)
    ) -> Outcome {
        let shared = UnsafeSharedCell(start)  // var
        let steps = Handshake(patience: patience)

        // A traced run records each read-modify-write as a span, and
        // the lock held and waited for: the timeline shows the lost
        // update's overlap, and the lock's one-after-the-other.
        let f1 = JoinableThread(name: "f1") {
            lock?.lock()
            if lock != nil { Tracer.begin(.lock, "持有锁") }
            Tracer.begin(.task, readModifyWrite)
            let seen = shared.value  // read
            steps.record(.f1Read, "f1 读到 \(seen)")
            steps.wait(
                "f1", for: [.f2Read, .f2WaitsForLock],
                what: "f2 读")
            shared.value = seen + 1  // write
            steps.record(.f1Wrote, "f1 写入 \(seen + 1)")
            Tracer.end(.task, readModifyWrite)
            if lock != nil { Tracer.end(.lock, "持有锁") }
            lock?.unlock()
        }
        let f2 = JoinableThread(name: "f2") {
            steps.wait("f2", for: [.f1Read], what: "f1 读")
            if let lock, !lock.try() {
                steps.record(.f2WaitsForLock, "f2 等锁")
                Tracer.span(.wait, "等锁") { lock.lock() }
            }
            if lock != nil { Tracer.begin(.lock, "持有锁") }
            Tracer.begin(.task, readModifyWrite)
            let seen = shared.value  // read
            steps.record(.f2Read, "f2 读到 \(seen)")
            steps.wait("f2", for: [.f1Wrote], what: "f1 写")
            shared.value = seen - 1  // write
            steps.record(.f2Wrote, "f2 写入 \(seen - 1)")
            Tracer.end(.task, readModifyWrite)
            if lock != nil { Tracer.end(.lock, "持有锁") }
            lock?.unlock()
        }
        f1.start()
        f2.start()
        f1.join()
        f2.join()
        return Outcome(
            start: start, steps: steps.log, result: shared.value)
    }

    /// The span of one `var += 1` or `var -= 1`, read to write.
    static let readModifyWrite = "读改写"

    enum Step: Hashable {
        case f1Read, f2Read, f2WaitsForLock, f1Wrote, f2Wrote
    }

    /// The steps taken so far, and a way to wait for one.
    private final class Handshake: @unchecked Sendable {
        private let condition = NSCondition()
        private let patience: Duration
        private var taken: Set<Step> = []
        private var entries: [String] = []

        init(patience: Duration) {
            self.patience = patience
        }

        func record(_ step: Step, _ text: String) {
            condition.withLock {
                taken.insert(step)
                entries.append(text)
                condition.broadcast()
            }
        }

        /// Waits until one of `steps` has been taken. A wait that runs
        /// out of patience is logged, so the output shows it.
        func wait(_ thread: String, for steps: Set<Step>, what: String) {
            condition.withLock {
                let limit = Date().addingTimeInterval(patience.seconds)
                while taken.isDisjoint(with: steps) {
                    if !condition.wait(until: limit),
                        taken.isDisjoint(with: steps)
                    {
                        entries.append("\(thread) 等 \(what)，超时了")
                        return
                    }
                }
            }
        }

        var log: [String] { condition.withLock { entries } }
    }
}
