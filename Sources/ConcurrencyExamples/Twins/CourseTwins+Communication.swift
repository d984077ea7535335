import ExampleKit

extension CourseTwins {
    /// The chapter 并发通信: blocks 1 to 7. Each twin is checked against
    /// its port's expectation; blocks 4 and 5 print one result line in
    /// place of the port's forced interleaving.
    static let communication: [Example] = [
        Example(
            "process-isolation-modern",
            ports: BlockLocator(
                note: "01-communication.md", heading: "1.进程通信隔离"),
            fingerprint: "c416c4c0a8d2",
            kind: .idiomatic,
            source: "ProcessIsolationTwin.swift",
            expect: [.exactOutput("11\n10\n")],
            sameOutput: .python(),
            main: ProcessIsolationTwin.main),
        Example(
            "manager-shared-list-modern",
            ports: BlockLocator(
                note: "01-communication.md", heading: "2.进程创建公共空间"),
            fingerprint: "9cfd36f6aaab",
            kind: .idiomatic,
            source: "ManagerSharedListTwin.swift",
            expect: [.exactOutput("在var之前，上面没问题\n这是函数里面的var 11\n11\n")],
            sameOutput: .python(),
            main: ManagerSharedListTwin.main),
        Example(
            "thread-shared-variable-modern",
            ports: BlockLocator(
                note: "01-communication.md", heading: "3.线程通信", index: 1
            ),
            fingerprint: "dd0c5e4d3be8",
            kind: .idiomatic,
            source: "ThreadSharedVariableTwin.swift",
            expect: [.exactOutput("这是函数里面的var 11\n11\n")],
            sameOutput: .python(),
            main: ThreadSharedVariableTwin.main),
        Example(
            "thread-race-modern",
            ports: BlockLocator(
                note: "01-communication.md", heading: "3.线程通信", index: 2
            ),
            fingerprint: "16acd7a4ff7b",
            kind: .idiomatic,
            source: "UnsynchronizedRaceTwin.swift",
            // Atomic increments lose nothing: 1 on every run.
            expect: [
                .exactOutput(
                    "原子操作，f1 加 1、f2 减 1，各 1000000 次之后 var = 1（正确的值是 1）\n"
                )
            ],
            main: UnsynchronizedRaceTwin.main),
        Example(
            "thread-lock-modern",
            ports: BlockLocator(
                note: "01-communication.md", heading: "3.线程通信", index: 3
            ),
            fingerprint: "364ff294fddb",
            kind: .idiomatic,
            source: "LockedCounterTwin.swift",
            // The line the port prints last, with an actor for the lock.
            expect: [
                .exactOutput(
                    "actor，f1 加 1、f2 减 1，各 1000000 次之后 var = 1（正确的值是 1）\n"
                ),
                .trace(
                    .neverOverlap(
                        .lock,
                        zh: "f1 和 f2 在 actor 里的时间从不重叠：actor 一次只运行一个方法")),
            ],
            main: LockedCounterTwin.main),
        Example(
            "process-producer-consumer-modern",
            ports: BlockLocator(
                note: "01-communication.md", heading: "4.2多进程（队列）"),
            fingerprint: "161b7b6d0954",
            kind: .idiomatic,
            source: "ProcessProducerConsumerTwin.swift",
            expect: CourseExamples.producerConsumerOutput,
            main: ProcessProducerConsumerTwin.main),
        Example(
            "thread-producer-consumer-modern",
            ports: BlockLocator(
                note: "01-communication.md", heading: "4.3多线程（队列）"),
            fingerprint: "b1824f1a4480",
            kind: .idiomatic,
            source: "ThreadProducerConsumerTwin.swift",
            expect: CourseExamples.producerConsumerOutput,
            main: ThreadProducerConsumerTwin.main),
    ]
}
