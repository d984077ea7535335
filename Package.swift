// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "notes",
    products: [
        .executable(name: "notes", targets: ["notes"]),
        // The examples alone, for the ThreadSanitizer build: no swift-syntax, no swift-crypto.
        .executable(name: "notes-examples", targets: ["notes-examples"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // cmark, the CommonMark reference parser, from Debian's libcmark-dev.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // Linux calls Swift's Glibc module does not expose: pipe2, unshare,
        // renameat2, a working folder for posix_spawn.
        .target(name: "CNotesSystem"),
        // The vocabulary an examples module uses to describe its ports:
        // locators, expectations, claims, the registry. No dependencies.
        .target(name: "ExampleKit"),
        // The pipeline: parse, bind, run, check, report.
        .target(
            name: "NotesKit",
            dependencies: [
                "CCmark",
                "CNotesSystem",
                "ExampleKit",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftIDEUtils", package: "swift-syntax"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            resources: [
                .embedInCode("Rendering/Assets/style.css"),
                .embedInCode("Rendering/Assets/search.js"),
            ]
        ),
        // `notes serve`: a preview server over SwiftNIO's HTTP, linked only
        // by the command line (not by the ThreadSanitizer or fuzz builds).
        .target(
            name: "NotesServe",
            dependencies: [
                "NotesKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Swift ports of the notes' Python blocks. Knows nothing about HTML.
        .target(
            name: "ConcurrencyExamples",
            dependencies: [
                "ExampleKit",
                // A forked child dies with its parent (prctl).
                "CNotesSystem",
                // The echo servers' twins run on SwiftNIO's event loops.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            // Compile-failure lessons: source the compiler must reject,
            // checked by `swiftc -typecheck`, never built. Reviewed: the
            // blocks' texts as last reviewed, for stale diffs.
            exclude: ["Lessons", "Reviewed"]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "notes",
            dependencies: [
                "NotesKit",
                "NotesServe",
                "ConcurrencyExamples",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The fuzz target over a note's path to its pages; without -DFUZZING it
        // replays files (the corpus, and every crash the fuzzer found).
        .executableTarget(
            name: "notes-fuzz",
            dependencies: ["NotesKit", "ExampleKit"]
        ),
        // Runs one example by id, like `notes __example ID`, and links nothing else.
        .executableTarget(
            name: "notes-examples",
            dependencies: ["ConcurrencyExamples", "ExampleKit"]
        ),
        .testTarget(
            name: "NotesKitTests",
            dependencies: ["NotesKit", "ExampleKit"],
            exclude: ["Fixtures"]
        ),
        // Scenarios for the primitives that fork, run by ConcurrencyExamplesTests
        // in a fresh single-threaded process each.
        .executableTarget(
            name: "PrimitiveScenarios",
            dependencies: ["ConcurrencyExamples", "ExampleKit"],
            path: "Tests/Scenarios"
        ),
        .testTarget(
            name: "ConcurrencyExamplesTests",
            dependencies: ["ConcurrencyExamples", "ExampleKit", "NotesKit"]
        ),
        .testTarget(
            name: "NotesCLITests",
            dependencies: ["NotesKit", "NotesServe"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Upcoming features that catch mistakes early, on every Swift target.
let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + upcoming
}
