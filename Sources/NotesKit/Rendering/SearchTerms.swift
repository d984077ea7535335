/// Cuts text into search terms, the same way `search.js` cuts a query.
///
/// A term is a lower-cased run of letters, digits and `_` (JavaScript's
/// `[\p{L}\p{N}_]`), followed, for an identifier such as `applyAsync`,
/// `task_done` or `TCPListener`, by its camel-case and `_` parts; or, in a
/// run of Chinese, Japanese or Korean characters, every single character
/// and then every pair of neighbouring characters, so that 线程池, 生产者
/// and 锁 all match.
///
/// The work is done on the UTF-8 bytes. ASCII, most of any note's code, never
/// looks up a Unicode property: its letters, digits, case and lower-casing
/// are known from the byte. A word that holds other letters (`café`, `Straße`)
/// goes through `String`'s own lower-casing, and CJK characters need none (a
/// test checks that lower-casing leaves every one of them as it is). A term
/// is handed over as its bytes (``forEachTerm(in:_:)``), or as a `String`.
enum SearchTerms {
    /// Calls `body` with each term of `text` in order, with repeats.
    static func forEach(in text: String, _ body: (String) -> Void) {
        forEachTerm(in: text) { body(String(decoding: $0, as: UTF8.self)) }
    }

    /// Calls `body` with the UTF-8 bytes of each term of `text` in order,
    /// with repeats; the bytes are valid only during the call.
    static func forEachTerm(in text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withoutActuallyEscaping(body) { body in
            var sink = ClosureSink(body: body)
            scan(text, into: &sink)
        }
    }

    /// Hands each term of `text` to `sink`, in order, with repeats. The
    /// index numbers terms by their bytes, and makes a `String` only of a
    /// new one; being generic, this costs no closure call per term.
    static func scan<Sink: TermSink>(_ text: String, into sink: inout Sink) {
        var text = text
        text.withUTF8 { bytes in
            var scanner = Scanner(bytes: bytes)
            scanner.run(&sink)
        }
    }

    private struct ClosureSink: TermSink {
        let body: (UnsafeBufferPointer<UInt8>) -> Void
        func take(_ term: UnsafeBufferPointer<UInt8>) { body(term) }
    }

    /// The terms of `text` in order, with repeats.
    static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        forEach(in: text) { terms.append($0) }
        return terms
    }

    /// Whether a scalar belongs in a word: letters, digits and `_`, as
    /// JavaScript's `[\p{L}\p{N}_]`.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isASCIIWordByte(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return true
        default: return false
        }
    }

    /// `applyAsync` → apply, Async; `task_done` → task, done; `TCPListener` → TCP, Listener.
    ///
    /// For words with letters beyond ASCII; ``Scanner`` splits ASCII words itself, by the same rule.
    static func identifierParts(_ word: String) -> [String] {
        var parts: [String] = []
        var current = ""
        let scalars = Array(word.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            if scalar == "_" {
                if !current.isEmpty {
                    parts.append(current)
                    current = ""
                }
                continue
            }
            let previous = index > 0 ? scalars[index - 1].properties : nil
            let nextLower = index + 1 < scalars.count && scalars[index + 1].properties.isLowercase
            if scalar.properties.isUppercase, !current.isEmpty,
                previous?.isLowercase == true || (previous?.isUppercase == true && nextLower)
            {
                parts.append(current)
                current = ""
            }
            current.unicodeScalars.append(scalar)
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        isASCIIUpper(byte) || isASCIILower(byte) || (0x30...0x39).contains(byte) || byte == 0x5F
    }

    static func isASCIIUpper(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }
    static func isASCIILower(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) }

    /// One pass over the UTF-8 bytes of a text.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        /// Where each character of the current CJK run starts, and where the run ends.
        var boundaries: [Int] = []
        /// The current ASCII word, lower-cased.
        var lowered: [UInt8] = []
        /// The `_` and camel-case parts of the current ASCII word, as ranges of `lowered`.
        var parts: [Range<Int>] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func run<Sink: TermSink>(_ sink: inout Sink) {
            while position < bytes.count {
                let (scalar, length) = decode(at: position)
                if Self.isCJKStart(scalar) {
                    cjkRun(&sink)
                } else if isWordCharacter(scalar) {
                    wordRun(&sink)
                } else {
                    position += length
                }
            }
        }

        /// The scalar at `offset` and its length in bytes; the bytes are valid UTF-8, being a `String`'s.
        func decode(at offset: Int) -> (Unicode.Scalar, Int) {
            let lead = UInt32(bytes[offset])
            func continuation(_ index: Int) -> UInt32 { UInt32(bytes[offset + index]) & 0x3F }
            switch lead {
            case ..<0x80: return (Unicode.Scalar(UInt8(lead)), 1)
            case ..<0xE0: return (Self.scalar((lead & 0x1F) << 6 | continuation(1)), 2)
            case ..<0xF0: return (Self.scalar((lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2)), 3)
            default:
                let value = (lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3)
                return (Self.scalar(value), 4)
            }
        }

        static func scalar(_ value: UInt32) -> Unicode.Scalar { Unicode.Scalar(value) ?? "\u{FFFD}" }

        static func isCJKStart(_ scalar: Unicode.Scalar) -> Bool { !scalar.isASCII && SearchIndex.isCJK(scalar) }

        func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[range])
        }

        /// Every character of the run, then every neighbouring pair. Lower-casing leaves CJK characters alone.
        mutating func cjkRun<Sink: TermSink>(_ sink: inout Sink) {
            boundaries.removeAll(keepingCapacity: true)
            while position < bytes.count {
                let (scalar, length) = decode(at: position)
                guard Self.isCJKStart(scalar) else { break }
                boundaries.append(position)
                position += length
            }
            boundaries.append(position)
            let characters = boundaries.count - 1
            for index in 0..<characters { sink.take(slice(boundaries[index]..<boundaries[index + 1])) }
            for index in 0..<characters - 1 { sink.take(slice(boundaries[index]..<boundaries[index + 2])) }
        }

        /// The word lower-cased, then its parts if it has more than one.
        mutating func wordRun<Sink: TermSink>(_ sink: inout Sink) {
            let start = position
            var ascii = true
            while position < bytes.count {
                if bytes[position] < 0x80 {
                    guard isASCIIWordByte(bytes[position]) else { break }
                    position += 1
                    continue
                }
                let (scalar, length) = decode(at: position)
                guard !SearchIndex.isCJK(scalar), isWordCharacter(scalar) else { break }
                ascii = false
                position += length
            }
            if ascii {
                asciiWord(start..<position, &sink)
            } else {
                let word = String(decoding: slice(start..<position), as: UTF8.self)
                var lowered = word.lowercased()
                lowered.withUTF8 { sink.take($0) }
                let parts = identifierParts(word)
                if parts.count > 1 {
                    for part in parts {
                        var part = part.lowercased()
                        part.withUTF8 { sink.take($0) }
                    }
                }
            }
        }

        /// ``identifierParts(_:)`` for ASCII: a part ends at `_`, and before an
        /// upper-case letter that follows a lower-case one (`applyAsync`) or
        /// that ends a run of capitals followed by a lower-case one (`TCPListener`).
        mutating func asciiWord<Sink: TermSink>(_ range: Range<Int>, _ sink: inout Sink) {
            lowered.removeAll(keepingCapacity: true)
            parts.removeAll(keepingCapacity: true)
            var partStart = 0
            for offset in range {
                let byte = bytes[offset]
                let index = lowered.count
                if byte == 0x5F {
                    if partStart < index { parts.append(partStart..<index) }
                    partStart = index + 1
                } else if isASCIIUpper(byte), partStart < index {
                    let previous = bytes[offset - 1]
                    let nextLower = offset + 1 < range.upperBound && isASCIILower(bytes[offset + 1])
                    if isASCIILower(previous) || (isASCIIUpper(previous) && nextLower) {
                        parts.append(partStart..<index)
                        partStart = index
                    }
                }
                lowered.append(isASCIIUpper(byte) ? byte | 0x20 : byte)
            }
            if partStart < lowered.count { parts.append(partStart..<lowered.count) }
            lowered.withUnsafeBufferPointer { word in
                sink.take(word)
                if parts.count > 1 {
                    for part in parts { sink.take(UnsafeBufferPointer(rebasing: word[part])) }
                }
            }
        }
    }
}

/// Where ``SearchTerms`` hands the terms it cuts: each as its UTF-8 bytes,
/// valid only during the call.
protocol TermSink {
    mutating func take(_ term: UnsafeBufferPointer<UInt8>)
}
