import ExampleKit

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// A bounded FIFO queue between processes: Python's `multiprocessing.Queue`.
///
/// The items live in shared memory mapped before `fork()`, so parent and
/// children use the same ring buffer. A process-shared mutex guards it and
/// two process-shared condition variables make `put` wait while the queue
/// is full and `get` wait while it is empty. Items are plain values
/// (`BitwiseCopyable`): what crosses a process boundary must be copied
/// byte for byte, as Python pickles what it sends.
///
/// Create the queue before forking the processes that share it.
package final class ProcessQueue<Element: BitwiseCopyable>: @unchecked Sendable {
    package let maxsize: Int
    private let memory: UnsafeMutableRawPointer
    private let length: Int
    private let creator = getpid()

    // The shared block: a header, then `maxsize` slots.
    private var mutex: UnsafeMutablePointer<pthread_mutex_t> { memory.assumingMemoryBound(to: pthread_mutex_t.self) }
    private var notEmpty: UnsafeMutablePointer<pthread_cond_t> {
        (memory + Self.notEmptyOffset).assumingMemoryBound(to: pthread_cond_t.self)
    }
    private var notFull: UnsafeMutablePointer<pthread_cond_t> {
        (memory + Self.notFullOffset).assumingMemoryBound(to: pthread_cond_t.self)
    }
    private var state: UnsafeMutablePointer<Int> { (memory + Self.stateOffset).assumingMemoryBound(to: Int.self) }
    private var slots: UnsafeMutablePointer<Element> {
        (memory + Self.slotsOffset).assumingMemoryBound(to: Element.self)
    }

    private static var notEmptyOffset: Int {
        align(MemoryLayout<pthread_mutex_t>.size, MemoryLayout<pthread_cond_t>.alignment)
    }
    private static var notFullOffset: Int {
        align(notEmptyOffset + MemoryLayout<pthread_cond_t>.size, MemoryLayout<pthread_cond_t>.alignment)
    }
    private static var stateOffset: Int {
        align(notFullOffset + MemoryLayout<pthread_cond_t>.size, MemoryLayout<Int>.alignment)
    }
    private static var slotsOffset: Int {
        align(stateOffset + 2 * MemoryLayout<Int>.size, MemoryLayout<Element>.alignment)
    }

    /// - Parameter maxsize: How many items fit; at least 1.
    package init(maxsize: Int) {
        self.maxsize = max(1, maxsize)
        length = Self.slotsOffset + self.maxsize * MemoryLayout<Element>.stride
        guard let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0),
            mapped != MAP_FAILED
        else { fatalError("mmap failed: \(String(cString: strerror(errno)))") }
        memory = mapped

        var mutexAttributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&mutexAttributes)
        pthread_mutexattr_setpshared(&mutexAttributes, Int32(PTHREAD_PROCESS_SHARED))
        pthread_mutex_init(mutex, &mutexAttributes)
        pthread_mutexattr_destroy(&mutexAttributes)

        var conditionAttributes = pthread_condattr_t()
        pthread_condattr_init(&conditionAttributes)
        pthread_condattr_setpshared(&conditionAttributes, Int32(PTHREAD_PROCESS_SHARED))
        pthread_condattr_setclock(&conditionAttributes, CLOCK_MONOTONIC)
        pthread_cond_init(notEmpty, &conditionAttributes)
        pthread_cond_init(notFull, &conditionAttributes)
        pthread_condattr_destroy(&conditionAttributes)
        state[0] = 0  // head
        state[1] = 0  // count
    }

    deinit {
        if getpid() == creator {
            pthread_cond_destroy(notEmpty)
            pthread_cond_destroy(notFull)
            pthread_mutex_destroy(mutex)
        }
        munmap(memory, length)
    }

    /// Adds `item`, waiting while the queue is full.
    /// - Throws: ``QueueError/full`` if `timeout` passes with no room.
    package func put(_ item: Element, timeout: Duration? = nil) throws {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        try wait(on: notFull, until: timeout, orThrow: .full, waiting: "put 等待空位") { state[1] < maxsize }
        slots[(state[0] + state[1]) % maxsize] = item
        state[1] += 1
        Tracer.point(.queue, "put", value: state[1])
        pthread_cond_signal(notEmpty)
    }

    /// Removes and returns the oldest item, waiting while the queue is empty.
    /// - Throws: ``QueueError/empty`` if `timeout` passes with nothing to get.
    package func get(timeout: Duration? = nil) throws -> Element {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        try wait(on: notEmpty, until: timeout, orThrow: .empty, waiting: "get 等待数据") { state[1] > 0 }
        let item = slots[state[0]]
        state[0] = (state[0] + 1) % maxsize
        state[1] -= 1
        Tracer.point(.queue, "get", value: state[1])
        pthread_cond_signal(notFull)
        return item
    }

    /// The number of items waiting.
    package var count: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return state[1]
    }

    /// Waits on `condition` (mutex held) until `ready()` or the timeout.
    private func wait(
        on condition: UnsafeMutablePointer<pthread_cond_t>, until timeout: Duration?,
        orThrow error: QueueError, waiting: String, _ ready: () -> Bool
    ) throws {
        let waits = !ready()
        if waits { Tracer.begin(.wait, waiting) }
        defer { if waits { Tracer.end(.wait, waiting) } }
        guard let timeout else {
            while !ready() { pthread_cond_wait(condition, mutex) }
            return
        }
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        let nanoseconds = Int(timeout.seconds * 1e9) + deadline.tv_nsec
        deadline.tv_sec += nanoseconds / 1_000_000_000
        deadline.tv_nsec = nanoseconds % 1_000_000_000
        while !ready() {
            if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT, !ready() { throw error }
        }
    }

    private static func align(_ offset: Int, _ alignment: Int) -> Int {
        (offset + alignment - 1) / alignment * alignment
    }
}
