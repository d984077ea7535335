import ExampleKit

extension CourseReviews {
    /// The chapter 并发通信: processes, a Manager, threads, a race, a lock,
    /// producers and consumers.
    static let communication: [Review] =
        [
            Review(
                of: BlockLocator(
                    note: "01-communication.md", heading: "1.进程通信隔离"),
                original: Original(timeout: .seconds(10)),
                probes: [
                    Probe(
                        "spawn", before: spawnStart,
                        purpose:
                            "用 Windows 和 macOS 启动进程的方式（spawn）运行同一段代码")
                ],
                claims: [
                    Claim(
                        "子进程var的值：11", against: .python,
                        evidence: .output(.containsLine(matching: "11"))
                    ),
                    Claim(
                        "主进程var的值：10", against: .python,
                        evidence: .output(.linePatterns(["11", "10"]))),
                ],
                errata: [
                    Erratum(
                        .misleadingProse, at: "注意：进程在Windows中运行会报错。",
                        zh: """
                            报错的原因不在 Windows 本身，而在这段代码在文件顶层直接创建并启动进程，没有放进 \
                            `if __name__ == "__main__":`。Windows（还有 Python 3.8 起的 macOS）用 spawn 方式启动子进程：\
                            子进程会重新执行整个文件，于是又去启动进程，抛出 RuntimeError，子进程里的 `print(var)` \
                            根本没有执行。把启动代码放进 `if __name__ == "__main__":`，在 Windows 上也能运行。
                            """,
                        en:
                            "The error comes from starting a process at the top level without an "
                            + "`if __name__ == \"__main__\":` guard, wherever processes are spawned (Windows, macOS).",
                        check: .run(
                            .probe("spawn"),
                            .output(
                                .standardErrorContains(
                                    "RuntimeError:[\\s\\S]*bootstrapping phase"
                                ))))
                ]),
            Review(
                of: BlockLocator(
                    note: "01-communication.md", heading: "2.进程创建公共空间"),
                original: Original(timeout: .seconds(10)),
                probes: [
                    Probe(
                        "spawn", before: spawnStart,
                        purpose:
                            "用 Windows 和 macOS 启动进程的方式（spawn）运行同一段代码")
                ],
                claims: [
                    Claim(
                        "会返回一个代理（公共的列表空间）", against: .python,
                        evidence: .output(
                            .linePatterns([
                                "在var之前，上面没问题", "这是函数里面的var 11", "11",
                            ])))
                ],
                errata: [
                    Erratum(
                        .crash, at: "mg = Manager()",
                        zh: """
                            `Manager()` 和 `Process` 都写在文件顶层，没有 `if __name__ == "__main__":`。在 Linux 上\
                            （fork 方式）它能运行；在 Windows 和 macOS 上（spawn 方式），子进程重新执行文件时又要创建 \
                            Manager，抛出 RuntimeError，整个程序出错退出。
                            """,
                        en:
                            "Without a `__main__` guard, the Manager and the Process fail where processes are spawned.",
                        check: .run(
                            .probe("spawn"),
                            .crashes(matching: "bootstrapping phase")))
                ]),
            Review(
                of: BlockLocator(
                    note: "01-communication.md", heading: "3.线程通信",
                    index: 1),
                original: Original(timeout: .seconds(10)),
                claims: [
                    Claim(
                        "主线程和子线程都是11", against: .python,
                        evidence: .output(
                            .linePatterns(["这是函数里面的var 11", "11"])))
                ]),
            Review(
                of: BlockLocator(
                    note: "01-communication.md", heading: "3.线程通信",
                    index: 2),
                original: Original(timeout: .seconds(10)),
                probes: [
                    Probe(
                        "print-var", after: "print(var)",
                        purpose:
                            "原代码什么也不打印；在末尾加一行 print(var)，看两个线程都结束后 var 是多少"
                    )
                ],
                claims: [
                    Claim(
                        "两个值没有一个是对的", against: .probe("print-var"),
                        evidence: .output(
                            .linePatterns(["(?!1$)-?[0-9]+"])),
                        expected: .refuted(
                            "在 CPython 3.11 上，两个循环各跑 1000 次，结果每次都是正确的 1：解释器只在特定的字节码处（例如循环回跳）"
                                + "切换线程，`var += 1` 的读和写之间不会被打断。竞争是真实存在的：Swift 的移植强制两个线程在读和写之间交错，"
                                + "每次都丢掉一次更新。"
                        ))
                ],
                errata: [
                    Erratum(
                        .noOutput, at: "#两个值没有一个是对的",
                        zh:
                            "这段代码里没有一个 `print`，运行后什么也不输出，所以看不到注释说的“两个值”。",
                        en:
                            "The block prints nothing, so the values the comment speaks of are never seen.",
                        check: .run(.python, .printsNothing)),
                    Erratum(
                        .wrongClaim, at: "#两个值没有一个是对的",
                        zh: """
                            在 CPython 3.11 上这个说法不成立：在末尾加上 `print(var)`，每次打印的都是正确的 1。\
                            `var += 1` 不是原子操作，竞争确实存在，但这个解释器在这里不会在读和写之间切换线程。\
                            在真正并行的线程上（例如 Swift 的移植），更新会丢失。
                            """,
                        en:
                            "Under CPython 3.11 the result is the correct 1 every time.",
                        check: .run(
                            .probe("print-var"),
                            .output(.exactOutput("1\n")))),
                    Erratum(
                        .misleadingProse, at: "#可能会出现，一直循环，但是加不上去的情况",
                        zh: """
                            循环不会“一直”进行：`range(1000)` 总会在 1000 次后结束。竞争的后果是丢失更新\
                            ——两个线程读到同一个旧值，后写的覆盖先写的——而不是死循环。
                            """,
                        en:
                            "The loop always ends; a race loses updates, it does not loop for ever.",
                        check: .run(.probe("print-var"), .endsNormally)),
                    Erratum(
                        .deviation, at: "var += 1",
                        zh: """
                            移植先把 `var += 1` 和 `var -= 1` 拆成读和写两步，用握手让两个线程按“都读完、f1 写、f2 写”\
                            的顺序各走一次，每次运行都丢掉 f1 的更新，打印的结果是确定的；再让两个线程不加锁各跑 100000 次、\
                            共 10 轮，丢了多少每次不同，只写在 stderr 里（ThreadSanitizer 报告的就是这部分）。
                            """,
                        check: .notCheckable(portChoice)),
                ]),
            Review(
                of: BlockLocator(
                    note: "01-communication.md", heading: "3.线程通信",
                    index: 3),
                original: Original(timeout: .seconds(10)),
                probes: [
                    Probe(
                        "print-var", after: "print(var)",
                        purpose:
                            "原代码什么也不打印；在末尾加一行 print(var)，看加锁后 var 是多少")
                ],
                claims: [
                    Claim(
                        "此时的结果是正确的", against: .probe("print-var"),
                        evidence: .output(.exactOutput("1\n"))),
                    Claim(
                        "于是，用线程去做的时候，要加锁",
                        against: .swift("thread-lock"),
                        evidence: .output(
                            .containsLine(
                                matching: "强制交错之后 var = 1（正确的值是 1）"))),
                ],
                errata: [
                    Erratum(
                        .noOutput, at: "#此时的结果是正确的",
                        zh: "这段代码同样没有 `print`，运行后什么也不输出，看不到“正确的结果”。",
                        en:
                            "The block prints nothing, so the correct result is never shown.",
                        check: .run(.python, .printsNothing)),
                    Erratum(
                        .misleadingProse, at: "#可能会出现，一直循环，但是加不上去的情况",
                        zh: "和上一段一样，循环总会结束；何况这里加了锁，两个循环根本不会交错。",
                        en:
                            "As before, the loop always ends; with the lock the loops do not even interleave.",
                        check: .run(.probe("print-var"), .endsNormally)),
                    Erratum(
                        .deviation, at: "lock.acquire()  #加锁上锁",
                        zh: """
                            移植用 `lock.withLock { … }` 代替成对的 `acquire()`/`release()`：循环里出错时锁也会被释放。\
                            Python 里对应的写法是 `with lock:`。锁包住了整个循环，所以 f1 和 f2 实际上是一个接一个运行的。\
                            移植还把上一段的强制交错加上锁再走一次：读和写都在锁里，f2 只能等锁，等 f1 写完再读，结果是正确的 1。
                            """,
                        check: .notCheckable(portChoice)),
                ]),
        ] + producerConsumer
}
