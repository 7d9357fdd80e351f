import Airscript

/// Inputs for the benchmarks: a Salesforce-lead-like payload, wide samples, lists of people.
enum Fixtures {
    static let leadJSON = #"""
        {"subscription":"lead-created","receivedAt":"2024-05-02T17:21:09Z","body":{"Id":"00Q5e00000ABCdEFG","FirstName":"Dana","LastName":"Reyes","Email":"dana.reyes@example.com","Phone":"(415) 555-0132","Company":"Reyes Landscaping","LeadSource":"Home Purchase","Status":"Open","AnnualRevenue":1250000,"NumberOfEmployees":14,"IsConverted":false,"Address":{"street":"200 California Ave.","city":"Palo Alto","state":"CA","postalCode":"94306","country":"US"},"Tasks":[{"Subject":"Call back","Priority":"High","Done":false,"DueDate":{"day":3,"month":5,"year":2024}},{"Subject":"Send brochure","Priority":"Normal","Done":true,"DueDate":{"day":2,"month":5,"year":2024}},{"Subject":"Schedule visit","Priority":"Normal","Done":false,"DueDate":{"day":9,"month":5,"year":2024}}],"Tags":["garden","referral"]}}
        """#

    static let dateTimeJSON =
        #"{"date":{"day":21,"month":6,"year":2021},"time":{"hour":20,"minute":56,"second":32,"millisecond":647},"timeZone":"UTC"}"#

    static func wideSample(fields: Int) -> Value {
        var o = Value.Object()
        for k in 0..<fields { o["field_\(k)"] = k % 3 == 0 ? .text("v\(k)") : .number(Double(k)) }
        return .object(o)
    }

    static func people(_ n: Int) -> Value {
        .list(
            (0..<n).map { k in
                var address = Value.Object()
                address["city"] = .text(["Palo Alto", "Berlin", "Lyon", "Austin"][k % 4])
                address["zip"] = .text("9430\(k % 10)")
                var p = Value.Object()
                p["name"] = .text("Person \(k)")
                p["age"] = .number(Double(18 + (k * 7) % 50))
                p["active"] = .bool(k % 3 != 0)
                p["address"] = .object(address)
                return .object(p)
            })
    }
}
