import CNotesSystem

/// In a child just forked: has the kernel kill it when `parent` ends, so
/// that a killed example (a timeout, or `notes` itself killed) leaves no
/// process behind. False when the parent is already gone.
func dieWithParent(_ parent: Int32) -> Bool {
    notes_die_with_parent(parent) == 0
}
