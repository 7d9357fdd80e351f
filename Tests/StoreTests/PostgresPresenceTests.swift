import Foundation
import TestSupport
import Testing

/// On CI the PostgreSQL tests must run: a missing server fails here rather than letting every
/// PostgreSQL case drop out of the suite unnoticed. Locally, without a server, it says how to have one.
@Suite struct PostgresPresenceTests {
    @Test func postgresIsThereOnCI() {
        if TestPostgres.url == nil {
            #expect(!TestPostgres.onCI, "CI=true but AIRSCRIPT_TEST_POSTGRES is unset: \(TestPostgres.missing)")
            if !TestPostgres.onCI {
                print("note: PostgreSQL store tests skipped; run `scripts/with-postgres.sh swift test --skip-build` to include them")
            }
        }
    }
}
