import Foundation

/// Time-zone abbreviations (`z` in formats: EST, CEST, NZDT, or the numeric `-03` the tz database
/// uses where no letters exist), read from the system's compiled tz files (TZif, RFC 8536): Foundation
/// on Linux only offers "GMT-3"-style names.
enum ZoneAbbreviations {
    struct ZoneFile {
        var transitions: [Int64] = []
        var typeIndexes: [UInt8] = []
        var types: [(offset: Int32, isDST: Bool, abbreviation: String)] = []
        var standardName: String?
        var daylightName: String?
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var cache: [String: ZoneFile?] = [:]

    /// The abbreviation in force in `zone` at `instant` (ms), whose offset is `offset` seconds.
    static func abbreviation(_ zone: String, atInstant instant: Double, offset: Int) -> String {
        if zone == "UTC" || zone == "Etc/UTC" { return "UTC" }
        guard let file = load(zone) else { return numeric(offset) }
        let seconds = Int64((instant / 1000).rounded(.down))
        if let last = file.transitions.last, seconds >= last, file.standardName != nil {
            // Beyond the table: the footer's rule names standard and daylight time.
            let standard = file.types.first { !$0.isDST && Int($0.offset) == offset }
            if standard != nil || file.daylightName == nil { return file.standardName! }
            return file.daylightName!
        }
        var lo = 0, hi = file.transitions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if file.transitions[mid] <= seconds { lo = mid + 1 } else { hi = mid }
        }
        let type: Int
        if lo == 0 {
            type = file.types.firstIndex { !$0.isDST } ?? 0
        } else {
            type = Int(file.typeIndexes[lo - 1])
        }
        guard type < file.types.count else { return numeric(offset) }
        return file.types[type].abbreviation
    }

    /// `+03`, `+0530`, as the tz database writes zones without letters.
    static func numeric(_ offset: Int) -> String {
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        let hh = String(minutes / 60).leftPadded(to: 2).replacingSpaces(with: "0")
        return minutes % 60 == 0 ? sign + hh : sign + hh + String(minutes % 60).leftPadded(to: 2).replacingSpaces(with: "0")
    }

    private static func load(_ zone: String) -> ZoneFile? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[zone] { return cached }
        let file = parse(zone)
        cache[zone] = file
        return file
    }

    private static func parse(_ zone: String) -> ZoneFile? {
        guard !zone.contains(".."), let data = FileManager.default.contents(atPath: "/usr/share/zoneinfo/" + zone) else { return nil }
        let bytes = [UInt8](data)
        func u32(_ at: Int) -> Int { Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]) }
        func i64(_ at: Int) -> Int64 {
            var v: UInt64 = 0
            for k in 0..<8 { v = v << 8 | UInt64(bytes[at + k]) }
            return Int64(bitPattern: v)
        }
        guard bytes.count > 44, bytes[0] == 0x54, bytes[1] == 0x5A, bytes[2] == 0x69, bytes[3] == 0x66 else { return nil }
        func counts(_ at: Int) -> [Int] { (0..<6).map { u32(at + 20 + 4 * $0) } }
        var c = counts(0)
        var timeSize = 4
        var at = 44
        if bytes[4] >= 0x32 {
            // Skip the version-1 block and read the 64-bit one.
            at += c[3] * 4 + c[3] + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0]
            guard at + 44 <= bytes.count else { return nil }
            c = counts(at)
            at += 44
            timeSize = 8
        }
        let (isut, isstd, leap, timecnt, typecnt, charcnt) = (c[0], c[1], c[2], c[3], c[4], c[5])
        let needed = at + timecnt * timeSize + timecnt + typecnt * 6 + charcnt
        guard needed <= bytes.count else { return nil }
        var file = ZoneFile()
        for k in 0..<timecnt {
            file.transitions.append(timeSize == 8 ? i64(at + 8 * k) : Int64(Int32(truncatingIfNeeded: u32(at + 4 * k))))
        }
        at += timecnt * timeSize
        file.typeIndexes = Array(bytes[at..<(at + timecnt)])
        at += timecnt
        let typesAt = at
        let charsAt = typesAt + typecnt * 6
        let chars = Array(bytes[charsAt..<(charsAt + charcnt)])
        for k in 0..<typecnt {
            let p = typesAt + 6 * k
            let offset = Int32(truncatingIfNeeded: u32(p))
            let index = Int(bytes[p + 5])
            var end = index
            while end < chars.count && chars[end] != 0 { end += 1 }
            let name = index < chars.count ? String(decoding: chars[index..<end], as: UTF8.self) : ""
            file.types.append((offset, bytes[p + 4] != 0, name))
        }
        at = charsAt + charcnt + leap * (timeSize + 4) + isstd + isut
        // The footer: "\nSTD offset [DST [offset] [,rule]]\n".
        if timeSize == 8, at < bytes.count, bytes[at] == 0x0A {
            let footer = String(decoding: bytes[(at + 1)...].prefix { $0 != 0x0A }, as: UTF8.self)
            let names = footerNames(footer)
            file.standardName = names.first
            file.daylightName = names.count > 1 ? names[1] : nil
        }
        return file
    }

    /// The zone names of a POSIX TZ string: `PST8PDT,M3.2.0,M11.1.0` → [PST, PDT]; `<-03>3` → [-03].
    static func footerNames(_ tz: String) -> [String] {
        var names: [String] = []
        var chars = Substring(tz)
        while !chars.isEmpty && names.count < 2 {
            if chars.first == "<" {
                guard let close = chars.firstIndex(of: ">") else { break }
                names.append(String(chars[chars.index(after: chars.startIndex)..<close]))
                chars = chars[chars.index(after: close)...]
            } else if chars.first?.isLetter == true {
                let name = chars.prefix { $0.isLetter }
                names.append(String(name))
                chars = chars.dropFirst(name.count)
            } else {
                break
            }
            // Skip the offset that follows.
            chars = chars.drop { $0.isNumber || $0 == "+" || $0 == "-" || $0 == ":" }
            if chars.first == "," { break }
        }
        return names
    }
}
