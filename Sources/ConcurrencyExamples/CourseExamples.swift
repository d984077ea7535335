import ExampleKit

/// Every port of the course notes, registered with the checker.
///
/// Each entry says which block it ports (by heading, so unrelated edits to
/// the notes do not move it), the block's fingerprint when the port was
/// last reviewed, what its output must look like, and which of the notes'
/// claims it tests. `notes check --update-fingerprints` rewrites the
/// fingerprints here after a review.
public enum CourseExamples {
    public static let registry = ExampleRegistry(examples: [
        Example(
            "process-isolation",
            ports: BlockLocator(heading: "1.进程通信隔离"),
            fingerprint: "c416c4c0a8d2",
            source: "ProcessIsolation.swift",
            expect: [.exactOutput("child var = 11\nparent var = 10\n")],
            claims: [
                Claim("子进程var的值：11", evidence: .containsLine(matching: "child var = 11")),
                Claim("主进程var的值：10", evidence: .containsLine(matching: "parent var = 10")),
            ],
            main: ProcessIsolation.main),
        Example(
            "manager-shared-list",
            ports: BlockLocator(heading: "2.进程创建公共空间"),
            fingerprint: "9cfd36f6aaab",
            source: "ManagerSharedList.swift",
            expect: [.exactOutput("在var之前，上面没问题\n这是函数里面的var 11\n11\n")],
            main: ManagerSharedList.main),
        Example(
            "thread-shared-variable",
            ports: BlockLocator(heading: "3.线程通信", index: 1),
            fingerprint: "dd0c5e4d3be8",
            source: "ThreadSharedVariable.swift",
            expect: [.exactOutput("这是函数里面的var 11\n11\n")],
            claims: [
                Claim("主线程和子线程都是11", evidence: .linePatterns(["这是函数里面的var 11", "11"])),
            ],
            main: ThreadSharedVariable.main),
    ])
}
