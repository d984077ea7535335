import ExampleKit
import Foundation

/// A bounded FIFO channel between tasks: Python's `Queue(4)` for async
/// code, or Go's `make(chan T, 4)`.
///
/// - ``send(_:)`` suspends while `capacity` items are buffered, until a
///   receiver makes room: real back-pressure. `AsyncStream` has none (its
///   buffer grows, or drops items), which is why this exists.
/// - ``receive()`` suspends while the channel is empty. After
///   ``finish()`` it still returns the items buffered, then nil; a
///   receiver waiting on an empty channel gets nil at once.
/// - ``finish()`` ends the channel: later sends throw
///   ``ChannelFinished``, and so do sends still waiting for room (their
///   items were never accepted).
/// - Cancellation interrupts only a wait, and at once: a cancelled
///   `send` that waits throws `CancellationError` and delivers nothing; a
///   cancelled `receive` that waits throws and takes nothing. An item is
///   never lost and never received twice.
/// - Waiting senders and receivers are served first come, first served,
///   so items from one sender arrive in the order sent.
///
/// The channel is also an `AsyncSequence`: `for try await item in
/// channel` receives until the channel is finished and empty.
package actor BoundedChannel<Element: Sendable> {
    package let capacity: Int
    /// A ring of `capacity` slots; `count` of them, from `head`, are full.
    private var slots: [Element?]
    private var head = 0
    private var count = 0
    private var finished = false
    /// Senders waiting for room, with their items; only while the buffer
    /// is full. Some may have been cancelled since: they are skipped.
    private var senders: [(item: Element, waiter: Waiter<Void>)] = []
    /// Receivers waiting for an item; only while the buffer is empty.
    private var receivers: [Waiter<Element?>] = []

    /// - Parameter capacity: How many items the channel buffers; at least 1.
    package init(capacity: Int) {
        precondition(
            capacity > 0, "a bounded channel holds at least one item")
        self.capacity = capacity
        slots = Array(repeating: nil, count: capacity)
    }

    /// Sends `item`, suspending while the buffer is full.
    /// - Throws: ``ChannelFinished`` if the channel is (or gets) finished
    ///   before the item is accepted; `CancellationError` if the task is
    ///   cancelled while it waits. Either way the item was not sent.
    package func send(_ item: Element) async throws {
        guard !finished else { throw ChannelFinished() }
        // The buffer is empty and someone waits: hand the item over.
        while !receivers.isEmpty {
            if receivers.removeFirst().resume(with: .success(item)) {
                Tracer.point(.queue, "send", value: count)
                return
            }
        }
        if count < capacity {
            push(item)
            Tracer.point(.queue, "send", value: count)
            return
        }
        try Task.checkCancellation()
        let waiter = Waiter<Void>()
        // The item goes in when a receiver makes room (see receive()).
        Tracer.begin(.wait, "send 等待空位")
        defer { Tracer.end(.wait, "send 等待空位") }
        try await withTaskCancellationHandler {
            // Runs on the actor before suspending: nothing can come between
            // the checks above and joining the queue of senders.
            try await withCheckedThrowingContinuation { continuation in
                if waiter.park(continuation) {
                    senders.removeAll { !$0.waiter.isWaiting }
                    senders.append((item, waiter))
                }
            }
        } onCancel: {
            waiter.cancel()
        }
    }

    /// Receives the oldest item, suspending while the channel is empty.
    /// - Returns: The item, or nil once the channel is finished and empty.
    /// - Throws: `CancellationError` if the task is cancelled while it
    ///   waits; no item was taken.
    package func receive() async throws -> Element? {
        if count > 0 {
            let item = pop()
            // Room for one more: accept the first waiting sender's item.
            while !senders.isEmpty {
                let sender = senders.removeFirst()
                if sender.waiter.resume(with: .success(())) {
                    push(sender.item)
                    break
                }
            }
            Tracer.point(.queue, "receive", value: count)
            return item
        }
        if finished { return nil }
        try Task.checkCancellation()
        let waiter = Waiter<Element?>()
        Tracer.begin(.wait, "receive 等待数据")
        defer { Tracer.end(.wait, "receive 等待数据") }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if waiter.park(continuation) {
                    receivers.removeAll { !$0.isWaiting }
                    receivers.append(waiter)
                }
            }
        } onCancel: {
            waiter.cancel()
        }
    }

    /// Ends the channel. Waiting receivers get nil (the buffer is empty
    /// when any wait); waiting senders throw ``ChannelFinished``.
    /// Finishing twice does nothing.
    package func finish() {
        guard !finished else { return }
        finished = true
        for receiver in receivers {
            _ = receiver.resume(with: .success(nil))
        }
        for sender in senders {
            _ = sender.waiter.resume(with: .failure(ChannelFinished()))
        }
        receivers = []
        senders = []
    }

    /// Items buffered now.
    package var buffered: Int { count }
    /// Sends suspended now, waiting for room.
    package var waitingSenders: Int {
        senders.count { $0.waiter.isWaiting }
    }
    /// Receives suspended now, waiting for an item.
    package var waitingReceivers: Int {
        receivers.count { $0.isWaiting }
    }

    private func push(_ item: Element) {
        slots[(head + count) % capacity] = item
        count += 1
    }

    private func pop() -> Element {
        let item = slots[head].take()!
        head = (head + 1) % capacity
        count -= 1
        return item
    }
}

/// One suspended `send` or `receive`. Its continuation is resumed exactly
/// once: by the channel, or by cancellation, whichever comes first.
///
/// A cancellation handler runs at once, on the thread that cancels, and
/// outside the actor; so the two meet under a lock here rather than on
/// the actor. A cancelled wait ends immediately, with no task that would
/// have to hop back onto the actor first.
private final class Waiter<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Value, any Error>?
    private var cancelled = false

    /// Keeps `continuation` to be resumed later, or resumes it at once
    /// with `CancellationError` if the wait was cancelled before it began.
    /// - Returns: Whether the wait began.
    func park(
        _ continuation: CheckedContinuation<Value, any Error>
    ) -> Bool {
        let cancelled = lock.withLock {
            if !self.cancelled { self.continuation = continuation }
            return self.cancelled
        }
        if cancelled {
            continuation.resume(throwing: CancellationError())
        }
        return !cancelled
    }

    /// Ends the wait with `result`.
    /// - Returns: Whether it did; false if cancellation ended it first.
    func resume(with result: sending Result<Value, any Error>) -> Bool {
        guard let continuation = take() else { return false }
        continuation.resume(with: result)
        return true
    }

    /// Ends the wait with `CancellationError`, unless it has ended.
    func cancel() {
        let continuation = lock.withLock {
            cancelled = true
            return self.continuation.take()
        }
        continuation?.resume(throwing: CancellationError())
    }

    /// Whether the wait began and has not ended.
    var isWaiting: Bool { lock.withLock { continuation != nil } }

    private func take() -> CheckedContinuation<Value, any Error>? {
        lock.withLock { continuation.take() }
    }
}

extension BoundedChannel: AsyncSequence {
    package nonisolated func makeAsyncIterator() -> Iterator {
        Iterator(channel: self)
    }

    /// Receives until the channel is finished and empty.
    package struct Iterator: AsyncIteratorProtocol {
        let channel: BoundedChannel

        package mutating func next() async throws -> Element? {
            try await channel.receive()
        }
    }
}

/// A send on a finished ``BoundedChannel``: the item was not sent.
package struct ChannelFinished: Error, Equatable,
    CustomStringConvertible
{
    package init() {}

    package var description: String { "send on a finished channel" }
}
