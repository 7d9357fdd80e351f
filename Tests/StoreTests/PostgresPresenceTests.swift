import Foundation
import Testing

/// On CI the PostgreSQL tests must run: a missing server fails here rather than letting every
/// PostgreSQL case drop out of the suite unnoticed. Locally, without a server, it says how to have one.
@Suite struct PostgresPresenceTests {
    @Test func postgresIsThereOnCI() {
        let onCI = ProcessInfo.processInfo.environment["CI"] == "true"
        if StoreBackendKind.postgresURL == nil {
            #expect(!onCI, "CI=true but AIRSCRIPT_TEST_POSTGRES is unset: `make test` runs the tests under scripts/with-postgres.sh")
            if !onCI {
                print("note: PostgreSQL store tests skipped; run `scripts/with-postgres.sh swift test --skip-build` to include them")
            }
        }
    }
}
