import ExampleKit

// Ports that `notes new` registered, and the reviews of their blocks. The
// command adds each entry just above its marker; edit the entries as you
// would any other (expectations, claims, errata), and keep the markers.

extension CourseExamples {
    /// Examples registered by `notes new`.
    static let added: [Example] = [
        // notes new: examples above this line
    ]

    /// Reviews registered by `notes new`: they let the block's own Python
    /// run, as written, beside its port.
    static let addedReviews: [Review] = [
        // notes new: reviews above this line
    ]
}
