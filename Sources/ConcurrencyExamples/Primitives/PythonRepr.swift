/// How Python prints the values the ports print, so that their output
/// reads like the notes' programs would.
enum PythonRepr {
    /// A tuple of positional arguments: `()`, `(1,)`, `(1, 2)`.
    static func tuple(_ values: [Int]) -> String {
        values.count == 1 ? "(\(values[0]),)" : "(" + values.map(String.init).joined(separator: ", ") + ")"
    }

    /// A dict of keyword arguments: `{}`, `{'a': 1}`.
    static func dict(_ pairs: KeyValuePairs<String, Int>) -> String {
        "{" + pairs.map { "'\($0.key)': \($0.value)" }.joined(separator: ", ") + "}"
    }

    /// A bool: `True`, `False`.
    static func bool(_ value: Bool) -> String {
        value ? "True" : "False"
    }

    /// A bytes value: `b'hello'`, with non-printable bytes escaped.
    static func bytes(_ data: [UInt8]) -> String {
        var text = "b'"
        for byte in data {
            switch byte {
            case UInt8(ascii: "\\"): text += "\\\\"
            case UInt8(ascii: "'"): text += "\\'"
            case UInt8(ascii: "\n"): text += "\\n"
            case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(byte))
            default: text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16)
            }
        }
        return text + "'"
    }
}
