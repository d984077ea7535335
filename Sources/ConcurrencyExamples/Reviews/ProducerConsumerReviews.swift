import ExampleKit

extension CourseReviews {
    /// 4.2 and 4.3: the same producer and consumer, as processes and as threads.
    static let producerConsumer: [Review] = [
        producerConsumer(
            heading: "4.2多进程（队列）", workers: "子进程",
            count: """
                import multiprocessing, os, sys
                sys.stderr.write("正在运行的子进程数：%d\\n" % len(multiprocessing.active_children()))
                for child in multiprocessing.active_children():
                    child.terminate()
                os._exit(0)
                """,
            running: "正在运行的子进程数：2",
            orphans: "只杀掉父进程的话，两个子进程会作为孤儿继续运行。",
            claims: [
                // 4.1's one sentence, judged on the trace of the port of 4.2.
                Claim(
                    "队列的获取和添加都会出现阻塞的情况",
                    against: .swift("process-producer-consumer"),
                    evidence: .output(
                        .trace(
                            .waited(
                                in: ["put", "get"],
                                zh: "运行轨迹里 put 和 get 都等待过（阻塞过）"))))
            ]),
        producerConsumer(
            heading: "4.3多线程（队列）", workers: "线程",
            count: """
                import os, sys, threading
                sys.stderr.write("正在运行的线程数（含主线程）：%d\\n" % threading.active_count())
                os._exit(0)
                """,
            running: "正在运行的线程数（含主线程）：3",
            orphans: ""),
    ]

    private static func producerConsumer(
        heading: String, workers: String, count: String,
        running: String, orphans: String, claims: [Claim] = []
    ) -> Review {
        Review(
            of: BlockLocator(
                note: "01-communication.md", heading: heading),
            // It never ends: a second shows that, and the producer's first line.
            original: Original(timeout: .seconds(1)),
            probes: [
                Probe(
                    "started", after: count,
                    purpose:
                        "在 start() 之后数一数真正在运行的\(workers)（写到 stderr，免得和\(workers)的输出挤在一行），然后结束程序"
                )
            ],
            claims: claims,
            errata: [
                Erratum(
                    .neverEnds, at: "while True:",
                    zh: """
                        `run()` 里是 `while True`，生产者和消费者都永远不停；程序最后要等它们结束，所以永远不会结束。\
                        \(orphans)
                        """,
                    en:
                        "Both run() loops are `while True`, so the program never ends.",
                    check: .run(.python, .neverEnds)),
                Erratum(
                    .misleadingProse, at: "cu1 = Consumer(q)",
                    zh: """
                        `cu1`、`pr1`、`pr2`、`pr3` 创建了却从没有 `start()`，所以真正运行的只有一个生产者 `pr` \
                        和一个消费者 `cu`，而不是代码看上去的四个生产者、两个消费者。
                        """,
                    en:
                        "cu1, pr1, pr2 and pr3 are created but never started: one producer and one consumer run.",
                    check: .run(
                        .probe("started"),
                        .output(.standardErrorContains(running)))),
                Erratum(
                    .typo, at: "class Produser",
                    zh: "`Produser` 是 `Producer` 的拼写错误（不影响运行）。",
                    en: "`Produser` is a misspelling of `Producer`.",
                    check: .notCheckable(spelling)),
                Erratum(
                    .deviation, at: "sleep(2)",
                    zh:
                        "移植把笔记里所有的 `sleep` 缩短为原来的 0.1 倍（`sleep(2)` 只睡 0.2 秒），十二个例子才能在几秒内跑完。",
                    check: .notCheckable(portChoice)),
                Erratum(
                    .deviation, at: "pr.start()",
                    zh:
                        "移植只运行一个生产者和一个消费者，生产 6 个数后放入 `nil` 作为结束信号，再等两边都结束；笔记的代码永远不停。",
                    check: .notCheckable(portChoice)),
            ])
    }
}
