import AirscriptMapping
import Foundation

/// Ctrl-C, SIGTERM and SIGHUP during a run: the temporary files the run has open are removed, then
/// the process ends by the same signal (so the shell reports it as interrupted). The destinations
/// keep what they held before the run. A plain signal handler, not a dispatch source: the handler
/// must run even while the main thread is blocked in a read, whatever dispatch's threads block.
enum Interruption {
    static func removeTemporaryFilesOnSignals() {
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber) { received in
                TemporaryFiles.shared.removeAllInSignalHandler()
                signal(received, SIG_DFL)
                kill(getpid(), received)
            }
        }
    }
}
