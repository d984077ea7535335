import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Work spread over a fixed number of threads, results in order.
enum Parallel {
    /// The processors this process may use, asked once: asking reads files of `/sys`.
    static let processors = ProcessInfo.processInfo.activeProcessorCount

    /// `body(0..<count)` on up to `jobs` threads at once; the results in
    /// index order. After a failure no new index starts, and the first
    /// failure by index is thrown.
    static func map<T: Sendable, E: Error>(
        _ count: Int, jobs: Int, _ body: @Sendable (Int) throws(E) -> T
    ) throws(E) -> [T] {
        guard count > 1, jobs > 1 else {
            var results: [T] = []
            results.reserveCapacity(count)
            for index in 0..<count { results.append(try body(index)) }
            return results
        }
        let results = Results<T, E>(count: count)
        // The caller works too, beside helper threads of its own. Not
        // `concurrentPerform`: libdispatch gives an apply nested in another
        // the width the outer one leaves, which on two cores is one thread,
        // and much of a build is a map within a map (the search index
        // beside the chapters, its shards within it). Nor a dispatch queue,
        // whose blocks may wait for a pool thread that is itself waiting.
        // A helper is joined, so `body` is not held once this returns.
        withoutActuallyEscaping(body) { body in
            let work = { @Sendable in
                while let index = results.claim() {
                    do throws(E) {
                        results.set(index, .success(try body(index)))
                    } catch {
                        results.set(index, .failure(error))
                    }
                }
            }
            let helpers = (1..<min(jobs, count)).compactMap { _ in Helper.start(work) }
            work()
            for helper in helpers { pthread_join(helper, nil) }  // `body` is let go once this returns
        }
        return try results.values()
    }

    /// `body` of each run of `run` consecutive indices of `0..<count` (the
    /// last may be shorter), on up to `jobs` threads; the results in order.
    static func mapRuns<T: Sendable>(
        of count: Int, run: Int, jobs: Int = processors, _ body: @Sendable (Range<Int>) -> T
    ) -> [T] {
        // Counted so that no run length, however large, overflows.
        let runs = count / run + (count % run == 0 ? 0 : 1)
        return map(runs, jobs: jobs) { number in
            body(number * run..<(count - number * run > run ? (number + 1) * run : count))
        }
    }

    /// `transform` of each element, in order, worked out in runs of `run`
    /// elements on every core: a course has thousands of blocks, and one
    /// note may hold 100,000.
    ///
    /// Each run writes its results straight into the array's storage, so
    /// that no run's array is made and then copied into the whole.
    static func mapEach<Element: Sendable, T: Sendable>(
        _ elements: [Element], run: Int = 512, _ transform: @Sendable (Element) -> T
    ) -> [T] {
        guard elements.count > run else { return elements.map(transform) }
        return [T](unsafeUninitializedCapacity: elements.count) { buffer, initialized in
            let storage = Storage(base: buffer.baseAddress!)
            // The runs are disjoint, and all are done when mapRuns returns.
            _ = mapRuns(of: elements.count, run: run) { range in
                for index in range { (storage.base + index).initialize(to: transform(elements[index])) }
            }
            initialized = elements.count
        }
    }

    /// `update` applied to each element in place, in runs of `run` elements
    /// on every core: nothing is copied, and no old array is freed after.
    static func updateEach<Element: Sendable>(
        _ elements: inout [Element], run: Int = 512, _ update: @Sendable (inout Element) -> Void
    ) {
        guard elements.count > run else {
            for index in elements.indices { update(&elements[index]) }
            return
        }
        let count = elements.count
        elements.withUnsafeMutableBufferPointer { buffer in
            let storage = Storage(base: buffer.baseAddress!)
            // The runs are disjoint, and all are done when mapRuns returns.
            _ = mapRuns(of: count, run: run) { range in
                for index in range { update(&storage.base[index]) }
            }
        }
    }

    /// A POSIX thread that runs some work and ends; joined with `pthread_join`.
    private final class Helper {
        let work: @Sendable () -> Void

        private init(_ work: @escaping @Sendable () -> Void) { self.work = work }

        /// The thread, or nil when none can be made: the caller then does the work alone.
        static func start(_ work: @escaping @Sendable () -> Void) -> pthread_t? {
            let box = Unmanaged.passRetained(Helper(work)).toOpaque()
            var thread: pthread_t = 0
            // glibc's default stack, the main thread's size (RLIMIT_STACK): pages are rendered recursively.
            let started = pthread_create(
                &thread, nil,
                { box in
                    // Released before the thread ends, so before it is joined.
                    Unmanaged<Helper>.fromOpaque(box!).takeRetainedValue().work()
                    return nil
                }, box)
            guard started == 0 else {
                Unmanaged<Helper>.fromOpaque(box).release()
                return nil
            }
            return thread
        }
    }

    /// An array's storage, shared by runs that each write their own elements.
    private struct Storage<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>
    }

    private final class Results<T: Sendable, E: Error>: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var failed = false
        private var slots: [Result<T, E>?]

        init(count: Int) {
            slots = Array(repeating: nil, count: count)
        }

        /// The next index to work on, or nil when all are taken or one failed.
        func claim() -> Int? {
            lock.withLock {
                guard next < slots.count, !failed else { return nil }
                defer { next += 1 }
                return next
            }
        }

        func set(_ index: Int, _ result: Result<T, E>) {
            lock.withLock {
                slots[index] = result
                if case .failure = result { failed = true }
            }
        }

        /// The results in order, or the first failure by index.
        func values() throws(E) -> [T] {
            var values: [T] = []
            for slot in lock.withLock({ slots }) {
                guard let slot else { continue }
                values.append(try slot.get())
            }
            return values
        }
    }
}
