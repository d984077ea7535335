/// A small Python lexer for highlighting: keywords, builtins, strings
/// (prefixes, triple quotes, f-string fields), comments, numbers,
/// decorators, and the names that `def` and `class` introduce.
///
/// It never fails: anything it does not recognise is plain text, and the
/// tokens always join back into the exact input.
enum PythonLexer {
    enum Kind: String, Sendable {
        case plain, keyword, builtin, string, comment, number, decorator, function, type, interpolation
    }

    struct Token: Sendable, Equatable {
        var kind: Kind
        var text: String
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

    static func tokenize(_ source: String) -> [Token] {
        var lexer = Cursor(Array(source.unicodeScalars))
        var tokens: [Token] = []
        var previousWord = ""
        var atLineStart = true
        while !lexer.atEnd {
            let c = lexer.peek()!
            if c == "#" {
                tokens.append(Token(kind: .comment, text: lexer.take(while: { $0 != "\n" })))
            } else if c == "@", atLineStart {
                lexer.advance()
                tokens.append(Token(kind: .decorator, text: "@" + lexer.take(while: { isIdentifier($0) || $0 == "." })))
            } else if let string = lexer.string() {
                tokens += string
            } else if isDigit(c) || (c == "." && lexer.peek(1).map(isDigit) == true) {
                tokens.append(Token(kind: .number, text: lexer.number()))
            } else if isIdentifierStart(c) {
                let word = lexer.take(while: isIdentifier)
                let kind: Kind
                if keywords.contains(word) {
                    kind = .keyword
                } else if previousWord == "def" {
                    kind = .function
                } else if previousWord == "class" {
                    kind = .type
                } else if builtins.contains(word) {
                    kind = .builtin
                } else {
                    kind = .plain
                }
                tokens.append(Token(kind: kind, text: word))
                previousWord = word
                atLineStart = false
                continue
            } else {
                let scalar = lexer.next()!
                tokens.append(Token(kind: .plain, text: String(scalar)))
                if scalar == "\n" {
                    atLineStart = true
                    previousWord = ""
                } else if !isWhitespace(scalar) {
                    atLineStart = false
                    previousWord = ""
                }
                continue
            }
            atLineStart = false
            previousWord = ""
        }
        return merged(tokens)
    }

    /// Joins neighbouring tokens of the same kind.
    static func merged(_ tokens: [Token]) -> [Token] {
        var result: [Token] = []
        for token in tokens where !token.text.isEmpty {
            if let last = result.last, last.kind == token.kind, token.kind == .plain || token.kind == .string {
                result[result.count - 1].text += token.text
            } else {
                result.append(token)
            }
        }
        return result
    }

    // ASCII first: Unicode property lookups cost more than the rest of the lexer.
    static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        guard c.isASCII else { return c.properties.isXIDStart }
        return c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
    }

    static func isIdentifier(_ c: Unicode.Scalar) -> Bool {
        guard c.isASCII else { return c.properties.isXIDContinue }
        return c == "_" || ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }

    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        guard c.isASCII else { return c.properties.isWhitespace }
        return c == " " || ("\t"..."\r").contains(c)
    }

    static func isDigit(_ c: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(c)
    }

    /// A position in the source, with the string-literal rules.
    struct Cursor {
        let scalars: [Unicode.Scalar]
        var index = 0

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        var atEnd: Bool { index >= scalars.count }
        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        /// A number: digits, letters (`0x1f`, `1e5`, `2j`), `_`, `.`, and a
        /// sign right after a decimal exponent.
        mutating func number() -> String {
            var text = String.UnicodeScalarView()
            let hex = peek() == "0" && (peek(1) == "x" || peek(1) == "X")
            while let c = peek() {
                let sign = (c == "+" || c == "-") && !hex && (text.last == "e" || text.last == "E")
                guard PythonLexer.isIdentifier(c) || c == "." || sign else { break }
                text.append(c)
                index += 1
            }
            return String(text)
        }
        mutating func next() -> Unicode.Scalar? {
            defer { index += 1 }
            return peek()
        }
        mutating func advance(_ count: Int = 1) { index = min(scalars.count, index + count) }

        mutating func take(while keep: (Unicode.Scalar) -> Bool) -> String {
            var text = String.UnicodeScalarView()
            while let c = peek(), keep(c) {
                text.append(c)
                index += 1
            }
            return String(text)
        }

        /// A string literal at the cursor, with its prefix, as tokens; nil if none starts here.
        mutating func string() -> [Token]? {
            var prefixLength = 0
            while prefixLength < 2, let c = peek(prefixLength), "rRbBfFuU".unicodeScalars.contains(c) {
                prefixLength += 1
            }
            guard let quote = peek(prefixLength), quote == "'" || quote == "\"" else { return nil }
            let prefix = String(String.UnicodeScalarView(scalars[index..<index + prefixLength])).lowercased()
            guard prefixLength == 0 || Set(["r", "b", "f", "u", "rb", "br", "fr", "rf"]).contains(prefix) else {
                return nil
            }
            // An identifier like `bar'` is not a prefix: only a prefix directly after a non-identifier.
            if prefixLength > 0, index > 0, PythonLexer.isIdentifier(scalars[index - 1]) { return nil }
            let formatted = prefix.contains("f")
            let triple = peek(prefixLength + 1) == quote && peek(prefixLength + 2) == quote
            let delimiter = triple ? 3 : 1
            var tokens = [
                Token(
                    kind: .string,
                    text: String(String.UnicodeScalarView(scalars[index..<index + prefixLength + delimiter])))
            ]
            advance(prefixLength + delimiter)
            var text = String.UnicodeScalarView()
            func flush() {
                if !text.isEmpty {
                    tokens.append(Token(kind: .string, text: String(text)))
                    text = .init()
                }
            }
            while let c = peek() {
                if c == "\\" {
                    // Even in a raw string a backslash keeps the next quote from ending it.
                    text.append(c)
                    advance()
                    if let escaped = peek() {
                        text.append(escaped)
                        advance()
                    }
                    continue
                }
                if c == quote, !triple || (peek(1) == quote && peek(2) == quote) {
                    for _ in 0..<delimiter { text.append(quote) }
                    advance(delimiter)
                    flush()
                    return tokens
                }
                if c == "\n", !triple {
                    flush()
                    return tokens  // unterminated single-line string: stop at the line end
                }
                if formatted, c == "{" {
                    if peek(1) == "{" {
                        text.append("{")
                        text.append("{")
                        advance(2)
                        continue
                    }
                    flush()
                    tokens.append(field())
                    continue
                }
                text.append(c)
                advance()
            }
            flush()
            return tokens
        }

        /// An f-string replacement field `{…}`, braces balanced, as one token.
        mutating func field() -> Token {
            var text = String.UnicodeScalarView()
            var depth = 0
            while let c = peek(), c != "\n" {
                text.append(c)
                advance()
                if c == "{" { depth += 1 }
                if c == "}" {
                    depth -= 1
                    if depth == 0 { break }
                }
            }
            return Token(kind: .interpolation, text: String(text))
        }
    }
}
