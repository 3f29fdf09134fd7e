import Foundation
import GSL

/// Numbers the inputs; a path seen twice is the same slot.
struct SlotRegistry {
    var quantities: [Quantity] = []
    var index: [String: Int] = [:]

    mutating func slot(_ q: Quantity) -> Int {
        if let i = index[q.path] { return i }
        quantities.append(q)
        index[q.path] = quantities.count - 1
        return quantities.count - 1
    }

    mutating func slot(_ q: Quantity?) -> Int? { q.map { slot($0) } }
}
