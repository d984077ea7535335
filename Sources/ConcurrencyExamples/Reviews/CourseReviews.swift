import ExampleKit

/// What a review of the course notes found, block by block: how each block
/// runs as written, the probes that show what it does not print, what the
/// notes claim, and what they get wrong. Every fact about Python here was
/// measured with CPython 3.11.7, and the checks re-measure it on each run.
enum CourseReviews {
    static let all = communication + pools

    /// Lines put before a block so that its `sleep`s last a tenth, as in the
    /// ports: `from time import sleep` then picks up the scaled one.
    static let scaledSleep = """
        import time as _time
        _sleep = _time.sleep
        _time.sleep = lambda seconds: _sleep(seconds * 0.1)
        """

    /// Lines put before a block so that it starts processes as Windows and
    /// macOS do: a fresh interpreter that imports the file again.
    static let spawnStart = """
        import multiprocessing
        multiprocessing.set_start_method("spawn", force=True)
        """

    /// Why a note about the ports is not a fact a run can show.
    static let portChoice = "这是移植的写法，不是运行结果"
    static let spelling = "拼写问题，运行看不出来"
}
