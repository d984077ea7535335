public import ExampleKit

/// Every port of the course notes, registered with the checker, and the
/// reviews of the blocks they port.
///
/// Each entry says which block it ports (by heading, so unrelated edits to
/// the notes do not move it), the block's fingerprint when the port was
/// last reviewed, and what its output must look like.
/// `notes check --update-fingerprints` rewrites the fingerprints here after
/// a review. What the notes claim and get wrong is in `Reviews/`; the
/// modern Swift 6 twins of the ports are in `Twins/`.
public enum CourseExamples {
    public static let registry = ExampleRegistry(
        examples: examples + CourseTwins.communication
            + CourseTwins.pools + added,
        reviews: CourseReviews.all + addedReviews,
        reviewedBlocks: folder() + "/Reviewed",
        additions: folder() + "/Added.swift")

    /// This file's folder: `Reviewed/` (each block's text as its ports
    /// were last reviewed against) and `Added.swift` (what `notes new`
    /// registers) are in it.
    static func folder(file: String = #filePath) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        return String(file[..<slash])
    }

    static let examples: [Example] = [
        Example(
            "process-isolation",
            ports: BlockLocator(
                note: "01-communication.md", heading: "1.进程通信隔离"),
            fingerprint: "c416c4c0a8d2",
            source: "ProcessIsolation.swift",
            expect: [.exactOutput("11\n10\n")],
            sameOutput: .python(),
            main: ProcessIsolation.main),
        Example(
            "manager-shared-list",
            ports: BlockLocator(
                note: "01-communication.md", heading: "2.进程创建公共空间"),
            fingerprint: "9cfd36f6aaab",
            source: "ManagerSharedList.swift",
            expect: [.exactOutput("在var之前，上面没问题\n这是函数里面的var 11\n11\n")],
            sameOutput: .python(),
            main: ManagerSharedList.main),
        Example(
            "thread-shared-variable",
            ports: BlockLocator(
                note: "01-communication.md", heading: "3.线程通信", index: 1
            ),
            fingerprint: "dd0c5e4d3be8",
            source: "ThreadSharedVariable.swift",
            expect: [.exactOutput("这是函数里面的var 11\n11\n")],
            sameOutput: .python(),
            main: ThreadSharedVariable.main),
        Example(
            "thread-race",
            ports: BlockLocator(
                note: "01-communication.md", heading: "3.线程通信", index: 2
            ),
            fingerprint: "16acd7a4ff7b",
            source: "UnsynchronizedRace.swift",
            // The forced interleaving loses f1's update on every run;
            // the free-running rounds only report to stderr.
            expect: [
                .exactOutput(
                    """
                    强制交错：f1 读到 1，f2 读到 1，f1 写入 2，f2 写入 0
                    强制交错之后 var = 0（正确的值是 1，f1 的更新丢了）

                    """),
                .trace(
                    .someOverlap(
                        .task, named: SteppedIncrements.readModifyWrite,
                        zh: "f1 和 f2 的“读改写”在时间上交错：一个还没写回，另一个已经读了")),
            ],
            main: UnsynchronizedRace.main),
        Example(
            "thread-race-rejected",
            ports: BlockLocator(
                note: "01-communication.md", heading: "3.线程通信", index: 2
            ),
            fingerprint: "16acd7a4ff7b",
            kind: .compileFailure(
                diagnostic:
                    "error: main actor-isolated var 'value' can not be mutated from a nonisolated context"
            ),
            source: "Lessons/RaceWithGlobal.swift",
            main: nil),
        Example(
            "thread-lock",
            ports: BlockLocator(
                note: "01-communication.md", heading: "3.线程通信", index: 3
            ),
            fingerprint: "364ff294fddb",
            source: "LockedCounter.swift",
            expect: [
                .exactOutput(
                    """
                    强制交错：f1 读到 1，f2 等锁，f1 写入 2，f2 读到 2，f2 写入 1
                    强制交错之后 var = 1（正确的值是 1）
                    加锁，f1 加 1、f2 减 1，各 1000000 次之后 var = 1（正确的值是 1）

                    """),
                .trace(
                    .neverOverlap(
                        .lock, zh: "f1 和 f2 持有锁的时间从不重叠：一个放开锁，另一个才拿到")),
                .trace(
                    .neverOverlap(
                        .task, named: SteppedIncrements.readModifyWrite,
                        zh: "f1 和 f2 的“读改写”一个接一个，不交错")),
            ],
            main: LockedCounter.main),
        Example(
            "process-producer-consumer",
            ports: BlockLocator(
                note: "01-communication.md", heading: "4.2多进程（队列）"),
            fingerprint: "161b7b6d0954",
            source: "ProcessProducerConsumer.swift",
            expect: portProducerConsumerOutput,
            main: ProcessProducerConsumer.main),
        Example(
            "thread-producer-consumer",
            ports: BlockLocator(
                note: "01-communication.md", heading: "4.3多线程（队列）"),
            fingerprint: "b1824f1a4480",
            source: "ThreadProducerConsumer.swift",
            expect: portProducerConsumerOutput,
            main: ThreadProducerConsumer.main),
        Example(
            "reusable-worker-thread",
            ports: BlockLocator(
                note: "02-pools.md", heading: "1.可重复利用的单线程"),
            fingerprint: "e22426c1dcdc",
            source: "ReusableWorkerThread.swift",
            expect: [
                .exactOutput(
                    """
                    任务一完成 () {}
                    任务二完成 (1, 2) {'a': 1}
                    join() 返回后，线程还活着： True

                    """)
            ],
            sameOutput: .probe("use"),
            main: ReusableWorkerThread.main),
        Example(
            "handmade-thread-pool",
            ports: BlockLocator(
                note: "02-pools.md", heading: "2.线程池", index: 1),
            fingerprint: "65f6fa072d1d",
            source: "HandmadeThreadPool.swift",
            expect: [
                .unorderedLines([
                    "任务一完成 () {}", "任务二完成 (1, 2) {'a': 1}",
                ])
            ],
            main: HandmadeThreadPool.main),
        Example(
            "thread-pool-usage",
            ports: BlockLocator(
                note: "02-pools.md", heading: "2.线程池", index: 2),
            fingerprint: "104b4d985e1e",
            source: "ThreadPoolUsage.swift",
            // That get() waited for f1, and that f1 and f2 overlapped,
            // the port checks itself (its invariants) and says on stderr.
            expect: [
                .unorderedLines([
                    "任务一完成 () {}", "任务二完成 (1, 2) {'a': 1}",
                ]),
                .trace(
                    .atMost(
                        2, .task, reached: true, zh: "线程池里的两个任务同时运行")),
            ],
            main: ThreadPoolUsage.main),
        Example(
            "threadpool-echo-server",
            ports: BlockLocator(
                note: "02-pools.md", heading: "3.线程池实现并发服务器", index: 1),
            fingerprint: "bcdd00b98a98",
            source: "ThreadPoolEchoServer.swift",
            expect: [
                .unorderedLines([
                    "b'hello from client 1'", "b'hello from client 2'",
                    "客户端 1 收回了自己发出的 19 个字节",
                    "客户端 2 收回了自己发出的 19 个字节",
                ]),
                .trace(.someOverlap(.connection, zh: "两个客户端的连接同时被服务")),
            ],
            main: ThreadPoolEchoServer.main),
        Example(
            "prefork-echo-server",
            ports: BlockLocator(
                note: "02-pools.md", heading: "3.线程池实现并发服务器", index: 2),
            fingerprint: "48d6154d3c00",
            source: "PreforkEchoServer.swift",
            expect: [
                .unorderedLinePatterns(
                    (1...10).flatMap { client in
                        [
                            "工作进程 [0-9]+：b'hello from client \(client)'",
                            "客户端 \(client) 收回了自己发出的 \(client < 10 ? 19 : 20) 个字节",
                        ]
                    }),
                .satisfies(
                    Checks.distinctCaptures(
                        of: "工作进程 ([0-9]+)：.*", atLeast: 2,
                        "connections were served by more than one worker process",
                        zh: "连接由不止一个工作进程处理"
                    )),
                .trace(
                    .someOverlap(.connection, zh: "不止一个客户端的连接同时被服务")),
            ],
            main: PreforkEchoServer.main),
    ]

    /// What both producer/consumer ports print: only their two kinds of
    /// line, each item consumed ×10 in the order produced.
    static let producerConsumerOutput: [Expectation] = [
        .everyLine(matching: "生产者（用户）生成[0-9]+|消费者（程序）处理后的数据[0-9]+"),
        .satisfies(Checks.consumedInOrder(items: 6)),
    ]

    /// What the ports print and record beyond that: first, the bound of
    /// the queue shown (a put that waits on the full queue, then gives
    /// up), which the trace must show too.
    static let portProducerConsumerOutput: [Expectation] = [
        .everyLine(
            matching:
                "生产者（用户）生成[0-9]+|消费者（程序）处理后的数据[0-9]+"
                + "|\(QueueBound.fullLine)|\(QueueBound.emptyLine)"),
        .inOrder([QueueBound.fullLine, QueueBound.emptyLine]),
        .satisfies(Checks.consumedInOrder(items: 6)),
        .trace(
            .boundedQueue(
                capacity: 4, waited: true,
                zh: "队列里的数据从不超过 4 个，而且队列满时有一次 put 等过空位")),
    ]

}
