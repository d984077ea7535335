import ExampleKit

extension CourseTwins {
    /// The chapter 并发池: blocks 8 to 12.
    static let pools: [Example] = [
        Example(
            "reusable-worker-thread-modern",
            ports: BlockLocator(
                note: "02-pools.md", heading: "1.可重复利用的单线程"),
            fingerprint: "e22426c1dcdc",
            kind: .idiomatic,
            source: "ReusableWorkerThreadTwin.swift",
            // The worker is a task, not a thread, and its third line
            // says so: not the same output as the probe 'use'.
            expect: [
                .exactOutput(
                    """
                    任务一完成 () {}
                    任务二完成 (1, 2) {'a': 1}
                    join() 返回后，工作任务还活着： True

                    """)
            ],
            main: ReusableWorkerThreadTwin.main),
        Example(
            "handmade-thread-pool-modern",
            ports: BlockLocator(
                note: "02-pools.md", heading: "2.线程池", index: 1),
            fingerprint: "65f6fa072d1d",
            kind: .idiomatic,
            source: "HandmadeThreadPoolTwin.swift",
            // That f1 and f2 overlapped, the twin checks itself.
            expect: [
                .unorderedLines([
                    "任务一完成 () {}", "任务二完成 (1, 2) {'a': 1}",
                ])
            ],
            main: HandmadeThreadPoolTwin.main),
        Example(
            "thread-pool-usage-modern",
            ports: BlockLocator(
                note: "02-pools.md", heading: "2.线程池", index: 2),
            fingerprint: "104b4d985e1e",
            kind: .idiomatic,
            source: "ThreadPoolUsageTwin.swift",
            // That get() waited for f1, and that f1 and f2 overlapped,
            // the twin checks itself.
            expect: [
                .unorderedLines([
                    "任务一完成 () {}", "任务二完成 (1, 2) {'a': 1}",
                ])
            ],
            main: ThreadPoolUsageTwin.main),
        Example(
            "threadpool-echo-server-modern",
            ports: BlockLocator(
                note: "02-pools.md", heading: "3.线程池实现并发服务器", index: 1),
            fingerprint: "bcdd00b98a98",
            kind: .idiomatic,
            source: "ThreadPoolEchoServerTwin.swift",
            expect: [
                .unorderedLines([
                    "b'hello from client 1'", "b'hello from client 2'",
                    "客户端 1 收回了自己发出的 19 个字节",
                    "客户端 2 收回了自己发出的 19 个字节",
                ])
            ],
            main: ThreadPoolEchoServerTwin.main),
        Example(
            "prefork-echo-server-modern",
            ports: BlockLocator(
                note: "02-pools.md", heading: "3.线程池实现并发服务器", index: 2),
            fingerprint: "48d6154d3c00",
            kind: .idiomatic,
            source: "PreforkEchoServerTwin.swift",
            expect: [
                .unorderedLinePatterns(
                    (1...10).flatMap { client in
                        [
                            "事件循环 [0-9]+：b'hello from client \(client)'",
                            "客户端 \(client) 收回了自己发出的 \(client < 10 ? 19 : 20) 个字节",
                        ]
                    }),
                .satisfies(
                    Checks.distinctCaptures(
                        of: "事件循环 ([0-9]+)：.*", atLeast: 2,
                        "connections were served by more than one event loop",
                        zh: "连接由不止一个事件循环处理")),
            ],
            main: PreforkEchoServerTwin.main),
    ]
}
