/// A small Python lexer for highlighting: keywords, builtins, strings
/// (prefixes, triple quotes, f-string fields), comments, numbers,
/// decorators, and the names that `def` and `class` introduce.
///
/// It never fails: anything it does not recognise is plain text, and the
/// tokens always join back into the exact input.
///
/// The work is done on the UTF-8 bytes, and a token is a range of them
/// (``Span``), so that highlighting a page allocates no `String` per token.
/// Every decision about ASCII is made on the byte; a character beyond ASCII
/// is decoded only where a name may start or go on, for its Unicode
/// properties (`XID_Start`, `XID_Continue`) and, in plain text, whether it
/// is whitespace. Everything else the rules look for (quotes, `#`, `{`,
/// backslashes, line ends) is ASCII, and no byte of a multi-byte character
/// is ever ASCII, so inside comments and strings the scan goes byte by byte.
enum PythonLexer {
    enum Kind: String, Sendable {
        case plain, keyword, builtin, string, comment, number, decorator, function, type, interpolation
    }

    /// A token with its text, for callers that want strings (the tests).
    struct Token: Sendable, Equatable {
        var kind: Kind
        var text: String
    }

    /// A token as a range of offsets into the source's UTF-8 bytes.
    struct Span: Sendable, Equatable {
        var kind: Kind
        var range: Range<Int>
    }

    static let keywords: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ]

    static let builtins: Set<String> = [
        "abs", "all", "any", "bool", "bytes", "callable", "chr", "dict", "dir", "enumerate", "filter",
        "float", "format", "getattr", "hasattr", "hash", "id", "input", "int", "isinstance", "issubclass",
        "iter", "len", "list", "map", "max", "min", "next", "object", "open", "ord", "pow", "print",
        "property", "range", "repr", "reversed", "round", "set", "setattr", "slice", "sorted", "staticmethod",
        "classmethod", "str", "sum", "super", "tuple", "type", "vars", "zip", "self", "cls",
        "Exception", "ValueError", "TypeError", "KeyError", "IndexError", "RuntimeError", "AttributeError",
        "KeyboardInterrupt", "StopIteration", "OSError", "TimeoutError", "NotImplementedError",
        "__name__", "__init__", "__main__",
    ]

    /// The keywords (`.keyword`) and builtins (`.builtin`), for looking a
    /// name's bytes up without making a `String` of them.
    static let words = WordTable(keywords: keywords, builtins: builtins)

    /// Words of up to 24 bytes by their bytes: an open-addressing hash
    /// table whose keys hold a word's bytes in three lanes and its length
    /// in the fourth, so that equal keys mean equal words.
    struct WordTable: Sendable {
        private static let slotCount = 256  // a power of 2, over twice the words
        /// The slots' keys; zero in an empty slot, as no word is empty.
        private var keys = [SIMD4<UInt64>](repeating: .zero, count: slotCount)
        private var kinds = [Kind](repeating: .plain, count: slotCount)

        /// Keywords win over builtins.
        init(keywords: Set<String>, builtins: Set<String>) {
            for (words, kind) in [(keywords, Kind.keyword), (builtins, .builtin)] {
                for word in words {
                    var word = word
                    guard let key = word.withUTF8(Self.key) else { preconditionFailure("\(word) is over 24 bytes") }
                    var slot = Self.slot(key)
                    while keys[slot] != .zero && keys[slot] != key { slot = (slot + 1) % Self.slotCount }
                    if keys[slot] == .zero { (keys[slot], kinds[slot]) = (key, kind) }
                }
            }
        }

        /// The kind of `word`, or nil if it is not in the table.
        func kind(of word: UnsafeBufferPointer<UInt8>) -> Kind? {
            guard let key = Self.key(word) else { return nil }
            var slot = Self.slot(key)
            while keys[slot] != .zero {
                if keys[slot] == key { return kinds[slot] }
                slot = (slot + 1) % Self.slotCount
            }
            return nil
        }

        /// The key of a word of up to 24 bytes; nil for a longer one.
        private static func key(_ word: UnsafeBufferPointer<UInt8>) -> SIMD4<UInt64>? {
            guard word.count <= 24 else { return nil }
            var key = SIMD4<UInt64>.zero
            withUnsafeMutableBytes(of: &key) { $0.copyMemory(from: UnsafeRawBufferPointer(word)) }
            key[3] = UInt64(word.count)
            return key
        }

        private static func slot(_ key: SIMD4<UInt64>) -> Int {
            let mixed = (key[0] &* 0x9E37_79B9_7F4A_7C15 ^ key[1] &* 0xC2B2_AE3D_27D4_EB4F ^ key[2] ^ key[3])
            return Int(truncatingIfNeeded: (mixed &* 0x9E37_79B9_7F4A_7C15) >> 56) % slotCount
        }
    }

    /// The tokens of `source` with their text.
    static func tokenize(_ source: String) -> [Token] {
        var source = source
        return source.withUTF8 { bytes in
            spans(in: bytes).map { span in
                Token(
                    kind: span.kind,
                    text: String(decoding: UnsafeBufferPointer(rebasing: bytes[span.range]), as: UTF8.self))
            }
        }
    }

    /// The tokens of `source`, the UTF-8 bytes of a string, as byte ranges:
    /// in order, none empty, together covering all of it. Neighbouring
    /// plain tokens are joined into one, and so are neighbouring strings.
    static func spans(in source: UnsafeBufferPointer<UInt8>) -> [Span] {
        var scanner = Scanner(source)
        scanner.scan()
        return scanner.spans
    }

    /// Whether an ASCII byte starts a name: a letter or `_`.
    static func isNameStart(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    /// Whether an ASCII byte goes on a name: a letter, a digit or `_`.
    static func isNameContinue(_ byte: UInt8) -> Bool {
        isNameStart(byte) || isDigit(byte)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// A position in the source's bytes, the state the rules need, and the
    /// tokens found so far.
    struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        private(set) var spans: [Span] = []
        /// Whether nothing but whitespace comes before on this line, where
        /// `@` starts a decorator (elsewhere it multiplies matrices).
        var atLineStart = true
        /// `.function` after `def`, `.type` after `class`: the kind of the
        /// name that comes next, if it is not a keyword.
        var defining: Kind?
        let words = PythonLexer.words

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            // Code averages a few bytes a token; a guess that saves most regrowing.
            spans.reserveCapacity(bytes.count / 4 + 1)
        }

        /// The byte `offset` bytes after the index, or nil past the end.
        func peek(_ offset: Int = 0) -> UInt8? {
            index + offset < bytes.count ? bytes[index + offset] : nil
        }

        mutating func scan() {
            while index < bytes.count {
                let start = index
                let byte = bytes[index]
                if byte == UInt8(ascii: "#") {
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                    append(.comment, from: start)
                } else if byte == UInt8(ascii: "@"), atLineStart {
                    index += 1
                    while index < bytes.count {
                        if bytes[index] == UInt8(ascii: ".") {
                            index += 1
                        } else if let length = Self.nameLength(in: bytes, at: index, start: false) {
                            index += length
                        } else {
                            break
                        }
                    }
                    append(.decorator, from: start)
                } else if string() {
                    // The literal and its fields are appended.
                } else if isDigit(byte) || (byte == UInt8(ascii: ".") && peek(1).map(isDigit) == true) {
                    number()
                    append(.number, from: start)
                } else if let length = Self.nameLength(in: bytes, at: index, start: true) {
                    index += length
                    while index < bytes.count, let length = Self.nameLength(in: bytes, at: index, start: false) {
                        index += length
                    }
                    name(from: start)
                    atLineStart = false
                    continue
                } else {
                    // One character of plain text.
                    let (scalar, length) = Self.character(in: bytes, at: index)
                    index += length
                    append(.plain, from: start)
                    if byte == UInt8(ascii: "\n") {
                        atLineStart = true
                        defining = nil
                    } else if !PythonLexer.isWhitespace(scalar) {
                        atLineStart = false
                        defining = nil
                    }
                    continue
                }
                atLineStart = false
                defining = nil
            }
        }

        /// Appends a token from `start` to the current index, joined to the
        /// previous one if both are plain or both are strings; nothing if empty.
        mutating func append(_ kind: Kind, from start: Int) {
            guard start < index else { return }
            if kind == .plain || kind == .string, let last = spans.last, last.kind == kind,
                last.range.upperBound == start
            {
                spans[spans.count - 1].range = last.range.lowerBound..<index
            } else {
                spans.append(Span(kind: kind, range: start..<index))
            }
        }

        /// The name from `start` to the current index: a keyword, the name
        /// that `def` or `class` introduces, a builtin, or plain.
        mutating func name(from start: Int) {
            let word = UnsafeBufferPointer(rebasing: bytes[start..<index])
            let known = words.kind(of: word)
            let kind: Kind
            if known == .keyword {
                kind = .keyword
            } else if let defining {
                kind = defining
            } else {
                kind = known ?? .plain
            }
            append(kind, from: start)
            if known == .keyword, word.elementsEqual("def".utf8) {
                defining = .function
            } else if known == .keyword, word.elementsEqual("class".utf8) {
                defining = .type
            } else {
                defining = nil
            }
        }

        /// The character at `offset`, which starts one, and its length in bytes.
        ///
        /// This and ``nameLength(in:at:start:)`` are static, on the bytes
        /// alone: the scan calls them for nearly every byte of a name, and as
        /// methods they had the whole scanner copied for each call.
        ///
        /// The bytes are a `String`'s, so valid UTF-8; should they end early
        /// all the same, the character is U+FFFD and as long as what is left.
        static func character(
            in bytes: UnsafeBufferPointer<UInt8>, at offset: Int
        ) -> (scalar: Unicode.Scalar, length: Int) {
            let lead = bytes[offset]
            guard lead >= 0x80 else { return (Unicode.Scalar(lead), 1) }
            let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
            guard offset + length <= bytes.count else { return ("\u{FFFD}", bytes.count - offset) }
            var value = UInt32(lead) & (0x7F >> length)
            for continuation in bytes[(offset + 1)..<(offset + length)] {
                value = value << 6 | UInt32(continuation & 0x3F)
            }
            return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
        }

        /// The length in bytes of the character at `offset` if it can start
        /// a name (`start`) or go on one; nil if it cannot.
        static func nameLength(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int, start: Bool) -> Int? {
            let byte = bytes[offset]
            if byte < 0x80 {
                return (start ? isNameStart(byte) : isNameContinue(byte)) ? 1 : nil
            }
            let (scalar, length) = character(in: bytes, at: offset)
            return (start ? scalar.properties.isXIDStart : scalar.properties.isXIDContinue) ? length : nil
        }

        /// Whether the character just before the index goes on a name.
        func followsName() -> Bool {
            guard index > 0 else { return false }
            var lead = index - 1
            while lead > 0, bytes[lead] & 0xC0 == 0x80 { lead -= 1 }  // back over continuation bytes
            return Self.nameLength(in: bytes, at: lead, start: false) != nil
        }

        /// A number: digits, letters (`0x1f`, `1e5`, `2j`), `_`, `.`, and a
        /// sign right after a decimal exponent.
        mutating func number() {
            let start = index
            let hex = peek() == UInt8(ascii: "0") && (peek(1) == UInt8(ascii: "x") || peek(1) == UInt8(ascii: "X"))
            while index < bytes.count {
                let byte = bytes[index]
                let sign =
                    (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && !hex && index > start
                    && (bytes[index - 1] == UInt8(ascii: "e") || bytes[index - 1] == UInt8(ascii: "E"))
                if byte == UInt8(ascii: ".") || sign {
                    index += 1
                } else if let length = Self.nameLength(in: bytes, at: index, start: false) {
                    index += length
                } else {
                    break
                }
            }
        }

        /// Appends the string literal at the index, with its prefix, and
        /// returns true; or returns false if none starts here.
        mutating func string() -> Bool {
            let start = index
            var prefixLength = 0
            while prefixLength < 2, let byte = peek(prefixLength), Self.isPrefixLetter(byte) {
                prefixLength += 1
            }
            guard let quote = peek(prefixLength), quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
                return false
            }
            // The prefix's letters, lower-cased; 0 where there is none.
            let first = prefixLength > 0 ? bytes[index] | 0x20 : 0
            let second = prefixLength > 1 ? bytes[index + 1] | 0x20 : 0
            guard prefixLength < 2 || Self.isTwoLetterPrefix(first, second) else { return false }
            // An identifier like `bar'` is not a prefix: only a prefix directly after a non-identifier.
            if prefixLength > 0, followsName() { return false }
            let formatted = first == UInt8(ascii: "f") || second == UInt8(ascii: "f")
            let triple = peek(prefixLength + 1) == quote && peek(prefixLength + 2) == quote
            let delimiter = triple ? 3 : 1
            index += prefixLength + delimiter
            var segmentStart = start  // where the literal's text since the last field starts
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\") {
                    // Even in a raw string a backslash keeps the next quote from ending it.
                    index += 1
                    if index < bytes.count { index += Self.character(in: bytes, at: index).length }
                    continue
                }
                if byte == quote, !triple || (peek(1) == quote && peek(2) == quote) {
                    index += delimiter
                    break
                }
                if byte == UInt8(ascii: "\n"), !triple {
                    break  // unterminated single-line string: stop at the line end
                }
                if formatted, byte == UInt8(ascii: "{") {
                    if peek(1) == UInt8(ascii: "{") {
                        index += 2
                        continue
                    }
                    append(.string, from: segmentStart)
                    field()
                    segmentStart = index
                    continue
                }
                index += 1
            }
            append(.string, from: segmentStart)
            return true
        }

        /// The letters of string prefixes, `rRbBfFuU`.
        static func isPrefixLetter(_ byte: UInt8) -> Bool {
            switch byte | 0x20 {
            case UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "u"): true
            default: false
            }
        }

        /// Whether two lower-cased prefix letters make a prefix: `rb`, `br`,
        /// `fr` or `rf` (any one letter alone is one too).
        static func isTwoLetterPrefix(_ first: UInt8, _ second: UInt8) -> Bool {
            let r = UInt8(ascii: "r")
            let other: (UInt8) -> Bool = { $0 == UInt8(ascii: "b") || $0 == UInt8(ascii: "f") }
            return (first == r && other(second)) || (second == r && other(first))
        }

        /// Appends the f-string replacement field `{…}` at the index, braces
        /// balanced, as one token; it stops at a line end.
        mutating func field() {
            let start = index
            var depth = 0
            while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "{") { depth += 1 }
                if byte == UInt8(ascii: "}") {
                    depth -= 1
                    if depth == 0 { break }
                }
            }
            append(.interpolation, from: start)
        }
    }

    /// Whitespace, ASCII first: Unicode property lookups cost more than the rest of the lexer.
    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        guard c.isASCII else { return c.properties.isWhitespace }
        return c == " " || ("\t"..."\r").contains(c)
    }
}
