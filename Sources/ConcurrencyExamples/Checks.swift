import ExampleKit

/// Checks over output that regular expressions alone cannot state.
enum Checks {
    /// The producer's lines and the consumer's lines: the consumer prints
    /// every produced item ×10, in the order produced, and nothing else.
    /// The two sides' lines may interleave in any way.
    static func consumedInOrder(items: Int) -> OutputCheck {
        OutputCheck(
            "the consumer prints each of the producer's \(items) items "
                + "×10, in the order produced",
            zh: "消费者按生产的顺序，把生产者的 \(items) 个数各乘以 10 打印出来"
        ) { lines in
            let produced = numbers(after: "生产者（用户）生成", in: lines)
            let consumed = numbers(after: "消费者（程序）处理后的数据", in: lines)
            var problems: [String] = []
            if produced.count != items {
                problems.append(
                    "produced \(produced.count) items, expected \(items)"
                )
            }
            if consumed != produced.map({ $0 * 10 }) {
                problems.append(
                    "produced \(produced), consumed \(consumed): not each ×10 in order"
                )
            }
            return problems
        }
    }

    /// At least `minimum` different values of the first capture group of
    /// `pattern` appear, e.g. different worker pids.
    static func distinctCaptures(
        of pattern: String, atLeast minimum: Int, _ summary: String,
        zh: String
    ) -> OutputCheck {
        OutputCheck(summary, zh: zh) { lines in
            guard let regex = try? Regex(pattern) else {
                return ["invalid pattern /\(pattern)/"]
            }
            let values = Set(
                lines.compactMap { line in
                    (try? regex.wholeMatch(in: line)).flatMap {
                        $0.output.count > 1
                            ? $0.output[1].substring.map(String.init)
                            : nil
                    }
                })
            return values.count >= minimum
                ? []
                : [
                    "only \(values.count) distinct value(s): \(values.sorted())"
                ]
        }
    }

    private static func numbers(
        after prefix: String, in lines: [String]
    ) -> [Int] {
        lines.compactMap { line in
            line.hasPrefix(prefix)
                ? Int(line.dropFirst(prefix.count)) : nil
        }
    }
}
