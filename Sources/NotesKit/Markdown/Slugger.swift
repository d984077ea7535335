/// Makes heading anchors the way GitHub does, keeping Chinese intact.
///
/// Letters and digits of any script are kept (ASCII ones lower-cased),
/// spaces become hyphens, and punctuation, full-width included, is dropped:
/// `1.进程通信隔离` becomes `1进程通信隔离`. A repeated anchor gets `-1`,
/// `-2`, … appended, so every anchor in a document is unique.
struct Slugger {
    private var used: Set<String> = []
    /// For each base, the number its next repeat tries first: the 16,000th
    /// `## a` of a note costs one look-up, not 16,000.
    private var nextNumber: [String: Int] = [:]
    /// How many anchors were tried, for the test that the work grows with
    /// the headings, not with their square.
    private(set) var lookups = 0

    mutating func slug(_ text: String) -> String {
        let base = Self.base(text)
        var candidate = base
        var counter = nextNumber[base] ?? 0
        // Usually one look-up a heading: hashing a Chinese anchor normalizes it.
        lookups += 1
        while !used.insert(candidate).inserted {
            counter += 1
            candidate = "\(base)-\(counter)"
            lookups += 1
        }
        if counter > 0 { nextNumber[base] = counter }
        return candidate
    }

    static func base(_ text: String) -> String {
        // UTF-8 bytes, not a scalar view grown scalar by scalar.
        var slug: [UInt8] = []
        func append(_ scalar: Unicode.Scalar) { UTF8.encode(scalar) { slug.append($0) } }
        for scalar in text.trimmingWhitespace().unicodeScalars {
            if scalar.isASCII {  // most headings' scalars: no property to look up
                switch scalar {
                case "A"..."Z": slug.append(UInt8(scalar.value) | 0x20)
                case "a"..."z", "0"..."9", "_", "-": slug.append(UInt8(scalar.value))
                case " ", "\t": slug.append(UInt8(ascii: "-"))
                default: break
                }
                continue
            }
            if (0x4E00...0x9FFF).contains(scalar.value) {  // CJK ideographs, all letters (Lo): no lookup
                append(scalar)
                continue
            }
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                .nonspacingMark, .spacingMark, .enclosingMark,
                .decimalNumber, .letterNumber, .otherNumber, .connectorPunctuation:
                append(scalar)
            case .spaceSeparator:
                slug.append(UInt8(ascii: "-"))
            default:
                break
            }
        }
        return slug.isEmpty ? "section" : String(decoding: slug, as: UTF8.self)
    }
}
