import Airscript
import AirscriptServe
import Prometheus

/// The server's metrics (serve.md §7), in a registry of its own, rendered in Prometheus' text
/// format at `/_airscript/metrics`.
public final class ServeMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// Deliveries being processed.
    let inFlight: Gauge
    static let buckets: [Duration] = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000].map {
        .microseconds(Int64($0 * 1000))
    }

    nonisolated(unsafe) static let deliveries = MetricNameDescriptor(
        namespace: "airscript", metricName: "deliveries", unitName: "total", helpText: "Deliveries by mapping, status and outcome")
    nonisolated(unsafe) static let duration = MetricNameDescriptor(
        namespace: "airscript", metricName: "delivery_duration", unitName: "seconds", helpText: "Time to answer a delivery")
    nonisolated(unsafe) static let duplicates = MetricNameDescriptor(
        namespace: "airscript", metricName: "duplicates", unitName: "total", helpText: "Deliveries answered as duplicates")
    nonisolated(unsafe) static let refusals = MetricNameDescriptor(
        namespace: "airscript", metricName: "refusals", unitName: "total", helpText: "Signature, token and address failures by reason")
    nonisolated(unsafe) static let commits = MetricNameDescriptor(
        namespace: "airscript", metricName: "store_commit_duration", unitName: "seconds", helpText: "Store commit duration")

    // Every delivery counts in these: made once per set of labels, not at every delivery (the
    // registry builds the labels' key and takes its lock at each `make…`).
    private let counters = Memo<[String], Counter>()
    private let durations = Memo<String, DurationHistogram>()
    private let commits: DurationHistogram

    /// Empty metrics.
    public init() {
        inFlight = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "airscript", metricName: "deliveries_in_flight", unitName: "", helpText: "Deliveries being processed"))
        commits = registry.makeDurationHistogram(descriptor: Self.commits, labels: [], buckets: Self.buckets)
    }

    /// Counts a finished delivery.
    func record(_ response: ServeResponse, seconds: Double) {
        let access = response.access
        let mapping = access.mapping ?? ""
        let outcome = access.outcome ?? ""
        counters.value([mapping, String(response.status), outcome]) { _ in
            registry.makeCounter(
                descriptor: Self.deliveries, labels: [("mapping", mapping), ("status", String(response.status)), ("outcome", outcome)])
        }.increment()
        durations.value(mapping) { _ in
            registry.makeDurationHistogram(descriptor: Self.duration, labels: [("mapping", mapping)], buckets: Self.buckets)
        }.recordNanoseconds(Int64(seconds * 1e9))
        if access.duplicate {
            registry.makeCounter(descriptor: Self.duplicates, labels: [("mapping", mapping)]).increment()
        }
        if let code = access.code, ["S0401", "S0402", "S0403", "S0404", "S0405"].contains(code) {
            registry.makeCounter(descriptor: Self.refusals, labels: [("mapping", mapping), ("reason", code)]).increment()
        }
        if let commit = access.commitSeconds {
            commits.recordNanoseconds(Int64(commit * 1e9))
        }
    }

    /// The text exposition.
    public func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
