/// A queue whose `put` and `get` can give up after a timeout:
/// ``BlockingQueue`` between threads, ``ProcessQueue`` between processes.
protocol TimedQueue<Element> {
    associatedtype Element
    func put(_ item: Element, timeout: Duration?) throws
    func get(timeout: Duration?) throws -> Element
}

extension BlockingQueue: TimedQueue {}
extension ProcessQueue: TimedQueue {}

/// Not in the notes: the bound that `Queue(4)` sets, shown before a
/// producer and a consumer start (their sleeps never let the queue fill).
/// With 4 items in it and no consumer yet, one more `put` waits 0.1 s for
/// room, gets none and raises `queue.Full`; emptied, a `get` waits 0.1 s
/// and raises `queue.Empty`. Each says so on stdout, and a traced run
/// shows both waits.
enum QueueBound {
    static let fullLine = "演示：队列里已有 4 个时，put 等了 0.1 秒也没有空位，抛出 queue.Full"
    static let emptyLine = "演示：队列取空以后，get 等了 0.1 秒也没有数据，抛出 queue.Empty"

    static func show(_ q: some TimedQueue<Int?>) throws {
        for item in 1...4 { try q.put(item, timeout: nil) }
        do {
            try q.put(5, timeout: .milliseconds(100))
        } catch QueueError.full {
            print(fullLine)
        }
        for _ in 1...4 { _ = try q.get(timeout: nil) }
        do {
            _ = try q.get(timeout: .milliseconds(100))
        } catch QueueError.empty {
            print(emptyLine)
        }
    }
}
