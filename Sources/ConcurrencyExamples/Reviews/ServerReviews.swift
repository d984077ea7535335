import ExampleKit

extension CourseReviews {
    /// 3.线程池实现并发服务器: a thread-pool echo server, and process pool × thread pool.
    static let servers: [Review] = [
        Review(
            of: BlockLocator(
                note: "02-pools.md", heading: "3.线程池实现并发服务器", index: 1),
            original: Original(
                timeout: .seconds(5),
                driver: .tcpClient(port: 8989, message: "hello")),
            errata: [
                Erratum(
                    .crash, at: "pool.apply(socket_rev(),args=(conn,))",
                    zh: """
                        `socket_rev()` 带了括号，函数在这里就被立即调用，而且没有传参数，所以第一个客户端一连上来，\
                        服务器就抛出 `TypeError: socket_rev() missing 1 required positional argument: 'conn'` 退出。\
                        应写成 `pool.apply_async(socket_rev, args=(conn,))`。
                        """,
                    en:
                        "`socket_rev()` is called at once, without its argument: the first connection stops the "
                        + "server with a TypeError.",
                    check: .run(
                        .python,
                        .crashes(
                            matching:
                                "TypeError: socket_rev\\(\\) missing 1 required positional argument: 'conn'"
                        ))),
                Erratum(
                    .wrongClaim, at: "pool.apply(",
                    zh: """
                        就算去掉括号，`apply` 也要等任务做完才返回，服务器一次只能服务一个客户端，算不上“并发服务器”；\
                        要用 `apply_async`。
                        """,
                    en:
                        "Even without the parentheses, apply waits for each task: one client at a time.",
                    check: .notCheckable(
                        "照原样运行时，程序在第一个连接上就崩溃了，看不到这一点；移植用两个同时连接的客户端来检查并发"
                    )),
                Erratum(
                    .typo, at: "sever = socket.socket()",
                    zh: "`sever` 应为 `server`（不影响运行）。",
                    en: "`sever` is a misspelling of `server`.",
                    check: .notCheckable(spelling)),
                Erratum(
                    .deviation, at: "conn.send(data)",
                    zh:
                        "`send` 可能只发出一部分数据，笔记没有检查它的返回值；移植的 `send` 会把所有字节写完（Python 里是 `sendall`）。",
                    check: .notCheckable(portChoice)),
                Erratum(
                    .deviation, at: "sever.bind(('127.0.0.1',8989))",
                    zh: """
                        移植设置了 `SO_REUSEADDR`，默认绑定系统分配的端口（`notes run threadpool-echo-server -- --port 8989` \
                        用笔记的端口），自己启动两个同时连接的客户端来驱动服务器，然后关闭；笔记的服务器永远运行。
                        """,
                    check: .notCheckable(portChoice)),
            ]),
        Review(
            of: BlockLocator(
                note: "02-pools.md", heading: "3.线程池实现并发服务器", index: 2),
            original: Original(
                timeout: .seconds(5),
                driver: .tcpClient(port: 5898, message: "hello")),
            probes: [
                Probe(
                    "bind-fixed",
                    before: """
                        import socket
                        _bind = socket.socket.bind
                        socket.socket.bind = lambda self, *address: _bind(self, address if len(address) > 1 else address[0])
                        """,
                    purpose: "让 bind 接受两个参数（相当于修好了 bind），看程序接下来会怎样",
                    timeout: .seconds(1))
            ],
            errata: [
                Erratum(
                    .crash, at: "server.bind(",
                    zh: """
                        `bind` 只接受一个参数：地址元组。`server.bind('127.0.0.1',5898)` 让程序一开始就报 \
                        `TypeError: socket.bind() takes exactly one argument (2 given)`，应写成 \
                        `server.bind(('127.0.0.1', 5898))`。
                        """,
                    en:
                        "bind takes one argument, the address tuple: the program stops with a TypeError at once.",
                    check: .run(
                        .python,
                        .crashes(
                            matching:
                                "TypeError: socket\\.bind\\(\\) takes exactly one argument \\(2 given\\)"
                        ))),
                Erratum(
                    .neverEnds, at: "pool.join()",
                    zh: """
                        修好 `bind` 之后，n×2 个 `thread_accept` 任务各自永远循环，占住进程池的全部进程，`pool.join()` \
                        永远不会返回；而且没有人调用结果的 `.get()`，工作进程里的异常会被悄悄吞掉。
                        """,
                    en:
                        "With bind fixed, every thread_accept task runs for ever and pool.join() never returns.",
                    check: .run(.probe("bind-fixed"), .neverEnds)),
                Erratum(
                    .deviation, at: "conn.send(data)",
                    zh:
                        "`send` 可能只发出一部分数据，笔记没有检查它的返回值；移植的 `send` 会把所有字节写完（Python 里是 `sendall`）。",
                    check: .notCheckable(portChoice)),
                Erratum(
                    .deviation, at: "pool = Pool(n*2)",
                    zh: """
                        移植直接 fork 出 n×2 个工作进程（每个任务都永远运行，任务队列没有用处），设置 `SO_REUSEADDR`，\
                        默认绑定系统分配的端口（`--port 5898` 用笔记的端口），自己启动客户端来驱动服务器，最后结束工作进程。
                        """,
                    check: .notCheckable(portChoice)),
            ]),
    ]
}
