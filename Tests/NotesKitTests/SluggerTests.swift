import Testing

@testable import NotesKit

@Suite(.timeLimit(.minutes(1))) struct SluggerTests {
    @Test(arguments: [
        ("1.进程通信隔离", "1进程通信隔离"),
        ("并发池（进程池与线程池）", "并发池进程池与线程池"),
        ("4.1队列操作", "41队列操作"),
        ("Hello, World! 你好", "hello-world-你好"),
        ("ThreadPool apply_async", "threadpool-apply_async"),
        ("！？。", "section"),
        ("  spaced   out  ", "spaced---out"),
    ])
    func slugs(_ text: String, _ expected: String) {
        #expect(Slugger.base(text) == expected)
    }

    @Test func repeatsAreNumbered() {
        var slugger = Slugger()
        #expect(slugger.slug("线程池") == "线程池")
        #expect(slugger.slug("线程池") == "线程池-1")
        #expect(slugger.slug("线程池-1") == "线程池-1-1")
        #expect(slugger.slug("线程池") == "线程池-2")
    }
}
