import ExampleKit

extension CourseReviews {
    /// The chapter 并发池: a reusable worker thread, a hand-made pool,
    /// Python's ThreadPool, and two echo servers.
    static let pools: [Review] =
        [
            Review(
                of: BlockLocator(
                    note: "02-pools.md", heading: "1.可重复利用的单线程"),
                original: Original(timeout: .seconds(10)),
                probes: [
                    Probe(
                        "use", before: scaledSleep,
                        after: """
                            t = MyThread()
                            t.submit_tasks(f1)
                            t.submit_tasks(f2, args=(1, 2), kwargs={'a': 1})
                            t.join()
                            print("join() 返回后，线程还活着：", t.is_alive())
                            """,
                        purpose:
                            "原代码只定义了类；这里像下一节那样用它：提交 f1 和 f2，再 join()（sleep 缩短为 0.1 倍）"
                    ),
                    Probe(
                        "join-timeout",
                        after: "t = MyThread()\nt.join(timeout=1)",
                        purpose: "像对待普通线程一样调用 t.join(timeout=1)"),
                    Probe(
                        "queue", after: queueFacts,
                        purpose:
                            "看 Queue 的计数器：队列空了 join() 仍会等 task_done()，task_done() 本身不阻塞，也没有 task_one()"
                    ),
                ],
                claims: [
                    Claim(
                        "q.join()——严格来说判断队列中的计数器是否为0",
                        against: .probe("queue"),
                        evidence: .output(
                            .containsLine(
                                matching:
                                    "队列已空，join\\(\\) 仍等到 task_done\\(\\) 才返回： True"
                            )))
                ],
                errata: [
                    Erratum(
                        .noOutput, at: "class MyThread(Thread):",
                        zh:
                            "这段代码只定义了 `MyThread` 类，没有创建对象、提交任务，运行后什么也不输出。",
                        en:
                            "The block only defines the class; it prints nothing.",
                        check: .run(.python, .printsNothing)),
                    Erratum(
                        .misleadingProse, at: "当空间有任务时对线程进行阻塞",
                        zh: """
                            说反了：线程是在队列**为空**时阻塞在 `get()` 上，有任务时才被唤醒去执行。\
                            所以它做完任务后不会结束，而是停在 `get()` 上等下一个任务。
                            """,
                        en:
                            "Reversed: the thread blocks in get() while the queue is empty, and runs when a task arrives.",
                        check: .run(
                            .probe("use"),
                            .output(
                                .containsLine(
                                    matching:
                                        "join\\(\\) 返回后，线程还活着： True")))),
                    Erratum(
                        .misleadingProse,
                        at: "q.join()——有元素就会阻塞，没有数据就不会阻塞",
                        zh: """
                            `join()` 看的不是队列里有没有元素，而是“未完成的任务数”：每次 `put()` 加一，每次 `task_done()` 减一。\
                            元素被 `get()` 取走、队列已经空了，只要还没调用 `task_done()`，`join()` 照样阻塞。\
                            下一行“严格来说判断队列中的计数器是否为0”才是对的。
                            """,
                        en:
                            "join() waits for the count of unfinished tasks, not for an empty queue.",
                        check: .run(
                            .probe("queue"),
                            .output(
                                .containsLine(
                                    matching:
                                        "队列已空，join\\(\\) 仍等到 task_done\\(\\) 才返回： True"
                                )))),
                    Erratum(
                        .typo, at: "q.task_one()",
                        zh: "没有 `task_one()` 这个方法，应是 `task_done()`。",
                        en:
                            "There is no task_one(); the method is task_done().",
                        check: .run(
                            .probe("queue"),
                            .output(
                                .containsLine(
                                    matching:
                                        "有 task_one： False ，有 task_done： True"
                                )))),
                    Erratum(
                        .misleadingProse, at: "调用这个方法才会进行阻塞",
                        zh:
                            "`task_done()` 自己从不阻塞：它把未完成任务数减一，减到 0 时唤醒正在 `join()` 里等待的线程。",
                        en:
                            "task_done() never blocks; it wakes join() once the count reaches 0.",
                        check: .run(
                            .probe("queue"),
                            .output(
                                .containsLine(
                                    matching:
                                        "task_done\\(\\) 立即返回： True")))),
                    Erratum(
                        .wrongClaim, at: "子线程完成任务才会终止",
                        zh: """
                            子线程并不会终止：`run()` 是 `while True` 循环，做完任务后停在 `get()` 上等待，直到主线程结束\
                            （它是守护线程）。重写后的 `join()` 只等队列里的任务做完，不等线程结束。
                            """,
                        en:
                            "The thread never ends; the overridden join() waits for the queue's tasks, not for the thread.",
                        check: .run(
                            .probe("use"),
                            .output(
                                .containsLine(
                                    matching:
                                        "join\\(\\) 返回后，线程还活着： True")))),
                    Erratum(
                        .crash, at: "def join(self):",
                        zh: """
                            重写的 `join(self)` 去掉了 `Thread.join` 的 `timeout` 参数，像普通线程那样调用 \
                            `t.join(timeout=1)` 会抛 TypeError。换个名字（比如 `wait_tasks`）更好。
                            """,
                        en:
                            "Overriding join(self) drops Thread.join's timeout: t.join(timeout=1) raises TypeError.",
                        check: .run(
                            .probe("join-timeout"),
                            .crashes(
                                matching:
                                    "unexpected keyword argument 'timeout'"
                            ))),
                    Erratum(
                        .deviation, at: "sleep(3)",
                        zh:
                            "移植把 `sleep(3)` 缩短为 0.3 秒，并像探针 use 一样补上了笔记没写的用法：提交 f1 和 f2，再 join()，然后打印线程是否还活着。",
                        check: .notCheckable(portChoice)),
                ]),
            Review(
                of: BlockLocator(
                    note: "02-pools.md", heading: "2.线程池", index: 1),
                original: Original(timeout: .seconds(10)),
                probes: [
                    Probe(
                        "use", before: scaledSleep,
                        after: """
                            pool = MyThread(3)
                            pool.submit_tasks(f1)
                            pool.submit_tasks(f2, args=(1, 2), kwargs={'a': 1})
                            pool.join()
                            """,
                        purpose:
                            "原代码只定义了类；这里用它：三个线程，提交 f1 和 f2，再 join()（sleep 缩短为 0.1 倍）"
                    ),
                    Probe(
                        "objects",
                        after: """
                            import threading
                            pool = MyThread(3)
                            workers = [t for t in threading.enumerate() if t is not threading.main_thread()]
                            print("线程数：", threading.active_count() - 1, "，线程对象数：", len({id(t) for t in workers}))
                            """,
                        purpose: "数一数 MyThread(3) 启动了几个线程、用了几个线程对象"),
                ],
                errata: [
                    Erratum(
                        .noOutput, at: "class MyThread(Thread):",
                        zh: "这段代码同样只定义了类，运行后什么也不输出。",
                        en:
                            "The block only defines the class; it prints nothing.",
                        check: .run(.python, .printsNothing)),
                    Erratum(
                        .wrongClaim, at: "super().__init__()  #变成线程对象",
                        zh: """
                            循环对**同一个对象**调用了 n 次 `super().__init__()` 和 `self.start()`，并没有创建 n 个线程对象。\
                            CPython 3.11 恰好允许这样做：它启动了 n 个系统线程，可它们共用一个对象，对象的 `name`、`ident`、\
                            `is_alive()` 只反映最后启动的那个。正确的写法是创建 n 个 `Thread` 对象，让它们共享同一个队列。
                            """,
                        en:
                            "The loop starts one Thread object n times: n threads share one object.",
                        check: .run(
                            .probe("objects"),
                            .output(
                                .containsLine(
                                    matching: "线程数： 3 ，线程对象数： 1")))),
                    Erratum(
                        .deviation, at: "sleep(3)",
                        zh:
                            "移植把 `sleep(3)` 缩短为 0.3 秒，创建三个各自独立的线程，并补上了用法：提交 f1 和 f2，再 join()。",
                        check: .notCheckable(portChoice)),
                ]),
            Review(
                of: BlockLocator(
                    note: "02-pools.md", heading: "2.线程池", index: 2),
                original: Original(timeout: .seconds(10)),
                probes: [
                    Probe(
                        "get", before: scaledSleep,
                        after: """
                            import time
                            pool = ThreadPool(1)
                            result = pool.apply_async(f1)
                            start = time.monotonic()
                            result.get()
                            print("get() 等了", round(time.monotonic() - start, 1), "秒")
                            """,
                        purpose:
                            "提交一个任务，马上调用结果的 get()，量它等了多久（sleep 缩短为 0.1 倍）"
                    )
                ],
                claims: [
                    Claim(
                        "然后用get方法去获取，这个地方也会阻塞", against: .probe("get"),
                        evidence: .output(
                            .containsLine(
                                matching: "get\\(\\) 等了 0\\.[2-9] 秒")))
                ],
                errata: [
                    Erratum(
                        .deviation, at: "mt.close()",
                        zh: interleaving,
                        en:
                            "Python's two print() calls can interleave on one line; the port prints each line whole.",
                        check: .notCheckable(interleavingMeasured)),
                    Erratum(
                        .deviation, at: "sleep(3)",
                        zh:
                            "移植把 `sleep(3)` 缩短为 0.3 秒，并调用了 `get()`，正如下面的正文所说。",
                        check: .notCheckable(portChoice)),
                ]),
        ] + servers

    /// The probe of block 8 that shows how Queue's counter works.
    private static let queueFacts = """
        from queue import Queue
        import threading
        import time
        q = Queue()
        q.put(1)
        q.get()
        threading.Timer(0.3, q.task_done).start()
        start = time.monotonic()
        q.join()
        print("队列已空，join() 仍等到 task_done() 才返回：", time.monotonic() - start >= 0.25)
        q2 = Queue()
        q2.put(1)
        q2.get()
        start = time.monotonic()
        q2.task_done()
        print("task_done() 立即返回：", time.monotonic() - start < 0.1)
        print("有 task_one：", hasattr(q2, "task_one"), "，有 task_done：", hasattr(q2, "task_done"))
        """
}

extension CourseReviews {
    /// Block 10's two prints from two threads.
    fileprivate static let interleaving = """
        f1 和 f2 在两个线程里几乎同时睡醒、同时 `print`。Python 的 `print` 把各个参数、空格和换行\
        分几次写出，两个线程之间没有锁，另一个线程的文本可能插在中间，两行挤成一行。移植的每个 `print` 都整行写出。
        """

    fileprivate static let interleavingMeasured = """
        一次运行证明不了一件只是可能发生的事，所以不能由运行核实。在这台机器上，第 10 段代码照原样运行了 500 次\
        （300 次用 `python3 -u`，200 次带缓冲），又把 sleep 缩短为 0.1 倍运行了 2000 次：两行每次都是完整的\
        （2500 次里 0 次交错）。交错在原理上是可能的：`print` 把文本和换行分开写出，线程之间没有锁；\
        跨进程时真的见过：第 6 段代码的一个探针有一次打印出 `正在运行的子进程数：生产者（用户）生成81`，两行挤在了一行。
        """
}
