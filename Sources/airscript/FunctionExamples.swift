/// The worked examples of functions.md, by function (`:help NAME` shows them): generated from the
/// specification's inline examples (`ROUND(1.005, 2) ⇒ 1.01`), at most four a function.
enum FunctionExamples {
    static let byName: [String: [String]] = [
        "ABS": [
            "ABS(-3.5) ⇒ 3.5"
        ],
        "ADD_TO_DATE": [
            "ADD_TO_DATE(DATE(2022, 4, 14), 3, \"day\") ⇒ 2022-04-17",
            "ADD_TO_DATE(DATE(2021, 12, 30), 2, \"days\") ⇒ 2022-01-01",
        ],
        "BASE": [
            "BASE(255, 16) ⇒ \"FF\"",
            "BASE(5, 2, 8) ⇒ \"00000101\"",
        ],
        "BASE64_DECODE": [
            "BASE64_DECODE(\"QWlya2l0\") ⇒ \"Airkit\""
        ],
        "BASE64_ENCODE": [
            "BASE64_ENCODE(\"Airkit\") ⇒ \"QWlya2l0\""
        ],
        "CEILING": [
            "CEILING(1.1) ⇒ 2",
            "CEILING(-1.1) ⇒ -1",
        ],
        "CONCAT": [
            "CONCAT(\"Hello\", \" \", \"world\", \"!\") ⇒ \"Hello world!\"",
            "CONCAT(\"ISBN:\", 978) ⇒ \"ISBN:978\"",
            "CONCAT(\"a\", NULL, \"b\") ⇒ \"ab\"",
        ],
        "CONTAINS": [
            "CONTAINS([1, 2, 3], 3) ⇒ TRUE",
            "CONTAINS([\"this is John\"], \"John\") ⇒ FALSE",
            "CONTAINS(\"hello\", \"ell\") ⇒ TRUE",
        ],
        "CURRENCY": [
            "CURRENCY(101, \"USD\", 2) ⇒ {amount: 101, code: \"USD\", precision: 2}"
        ],
        "DATE": [
            "DATE(2022, 6, 16) ⇒ {day: 16, month: 6, year: 2022}"
        ],
        "DATE_FROM_FORMAT": [
            "DATE_FROM_FORMAT(\"01-09-2007\", \"MM-DD-YYYY\") ⇒ 2007-01-09"
        ],
        "FACTDOUBLE": [
            "FACTDOUBLE(0) ⇒ 1",
            "FACTDOUBLE(-1) ⇒ 1",
            "FACTDOUBLE(6) ⇒ 48",
            "FACTDOUBLE(7) ⇒ 105",
        ],
        "FLAT": [
            "FLAT([[1, 2], [3, 4]]) ⇒ [1, 2, 3, 4]",
            "FLAT([1, 2, [3, 4], 5]) ⇒ [1, 2, 3, 4, 5]",
            "FLAT([[[1, 2]], [[3]]]) ⇒ [[1, 2], [3]]",
        ],
        "FLOOR": [
            "FLOOR(1.1) ⇒ 1",
            "FLOOR(-1.1) ⇒ -2",
        ],
        "FORMAT_CURRENCY": [
            "FORMAT_CURRENCY(10000000000, \"USD\") ⇒ \"$10,000,000,000.00\"",
            "FORMAT_CURRENCY(CURRENCY(101, \"USD\", 2)) ⇒ \"$1.01\"",
            "FORMAT_CURRENCY(CURRENCY(400, \"USD\", 0)) ⇒ \"$400.00\"",
            "FORMAT_CURRENCY(CURRENCY(100, \"USD\", 2), \"$0,0.00\", \"en-CA\") ⇒ \"US$1.00\"",
        ],
        "FORMAT_DATE": [
            "FORMAT_DATE(DATE(2021, 12, 30), \"MMMM Do, YYYY\") ⇒ \"December 30th, 2021\""
        ],
        "FORMAT_NUMBER": [
            "FORMAT_NUMBER(1.5, \"q\") ⇒ \"1.5\"",
            "FORMAT_NUMBER(42, \"E\") ⇒ \"42\"",
            "FORMAT_NUMBER(299792458, \"\") ⇒ \"299792458\"",
            "FORMAT_NUMBER(299792458, \",\") ⇒ \"299,792,458\"",
        ],
        "FORMAT_PHONE": [
            "FORMAT_PHONE(\"+15558675309\", \"NATIONAL\") ⇒ \"(555) 867-5309\""
        ],
        "FORMAT_TIME": [
            "FORMAT_TIME(TIME(12, 0, 0), \"h:mm A\") ⇒ \"12:00 PM\""
        ],
        "FROM_JSON": [
            "FROM_JSON(\"[1, {\\\"a\\\": null}]\") ⇒ [1, {a: NULL}]"
        ],
        "IF": [
            "IF(FALSE, \"yes\", \"no\") ⇒ \"no\""
        ],
        "ISEMAIL": [
            "ISEMAIL(\"kads_jfl^*!ga1kdjf@adlfkajl123-df.aoiajd\") ⇒ TRUE",
            "ISEMAIL(\"a@b\") ⇒ FALSE",
            "ISEMAIL(42) ⇒ FALSE",
        ],
        "ISEMPTY": [
            "ISEMPTY([]) ⇒ TRUE",
            "ISEMPTY({\"\": \"\"}) ⇒ FALSE",
        ],
        "ISEVEN": [
            "ISEVEN(-4) ⇒ TRUE"
        ],
        "ISNUMBER": [
            "ISNUMBER(5) ⇒ TRUE",
            "ISNUMBER(\"string\") ⇒ FALSE",
        ],
        "ISODD": [
            "ISODD(2) ⇒ FALSE",
            "ISODD(3.7) ⇒ TRUE",
        ],
        "ISPHONE": [
            "ISPHONE(\"+13143251156\") ⇒ TRUE",
            "ISPHONE(\"+1(314)325-1156\") ⇒ TRUE",
            "ISPHONE(\"+13(1-43-25-1156\") ⇒ TRUE",
            "ISPHONE(\"(314)325-1156\") ⇒ FALSE",
        ],
        "ISSTRING": [
            "ISSTRING(NULL) ⇒ FALSE"
        ],
        "JOIN": [
            "JOIN([\"Hello\", \"world!\"], \", \") ⇒ \"Hello, world!\"",
            "JOIN([1, NULL, 3], \"-\") ⇒ \"1--3\"",
            "JOIN([]) ⇒ \"\"",
        ],
        "LENGTH": [
            "LENGTH(\"Hello world!\") ⇒ 12",
            "LENGTH(\"😃\") ⇒ 2",
        ],
        "LOG": [
            "LOG(1000) ⇒ 3",
            "LOG(8, 2) ⇒ 3",
        ],
        "LOWERCASE": [
            "LOWERCASE(\"Hello world!\") ⇒ \"hello world!\""
        ],
        "MAX": [
            "MAX([1, 2], 3) ⇒ NULL",
            "MAX(NULL, 2) ⇒ 2",
            "MAX(1, 2, 3) ⇒ 3",
            "MAX([1, 2, 3]) ⇒ 3",
        ],
        "MD5": [
            "MD5(\"\") ⇒ \"d41d8cd98f00b204e9800998ecf8427e\""
        ],
        "MERGE_OBJECTS": [
            "MERGE_OBJECTS([{a: 1}, {a: 2, b: 3}]) ⇒ {a: 2, b: 3}"
        ],
        "MIN": [
            "MIN(NULL) ⇒ NULL",
            "MIN([4, NULL, 2]) ⇒ 2",
        ],
        "MROUND": [
            "MROUND(1.5, 1) ⇒ 2",
            "MROUND(5.8899, 0.01) ⇒ 5.89",
            "MROUND(32, 10) ⇒ 30",
        ],
        "NOT": [
            "NOT(TRUE) ⇒ FALSE",
            "NOT(NULL) ⇒ TRUE",
            "NOT(\"\") ⇒ TRUE",
        ],
        "PADSTRING": [
            "PADSTRING(\"7\", 3, \"0\") ⇒ \"007\"",
            "PADSTRING(\"ab\", 5, \"xy\", \"end\") ⇒ \"abxyx\"",
        ],
        "PARSE_CURRENCY": [
            "PARSE_CURRENCY(\"$1.00\") ⇒ {amount: 100, code: \"USD\", precision: 2}",
            "PARSE_CURRENCY(\"1.234,5 €\", NULL, \"de-DE\") ⇒ {amount: 123450, code: \"EUR\", precision: 2}",
        ],
        "PARSE_PHONE": [
            "PARSE_PHONE(\"+1-716-776-2323 ext. 5\") ⇒ \"+17167762323\"",
            "PARSE_PHONE(\"+1 415 555 0178\") ⇒ \"+14155550178\"",
            "PARSE_PHONE(\"020 7183 8750\", \"GB\") ⇒ \"+442071838750\"",
        ],
        "POWER": [
            "POWER(2, 3) ⇒ 8",
            "POWER(0.25, 0.5) ⇒ 0.5",
            "POWER(-8, 0.5) ⇒ NaN",
        ],
        "REPLACE": [
            "REPLACE(\"Hello world!\", \"l\", \"L\") ⇒ \"HeLlo world!\""
        ],
        "REPT": [
            "REPT(\"abc\", 3) ⇒ \"abcabcabc\"",
            "REPT(\"x\", 0) ⇒ \"\"",
        ],
        "ROUND": [
            "ROUND(1.005, 2) ⇒ 1.01",
            "ROUND(5.8899, 2) ⇒ 5.89",
            "ROUND(-1.5, 0) ⇒ -2",
            "ROUND(1.5, 0) ⇒ 2",
        ],
        "ROUNDDOWN": [
            "ROUNDDOWN(39, -1) ⇒ 30",
            "ROUNDDOWN(-1.8, 0) ⇒ -1",
            "ROUNDDOWN(5.8899, 2) ⇒ 5.88",
        ],
        "ROUNDUP": [
            "ROUNDUP(5.1101, 2) ⇒ 5.12",
            "ROUNDUP(31, -1) ⇒ 40",
            "ROUNDUP(-1.2, 0) ⇒ -2",
            "ROUNDUP(1.5, 0) ⇒ 2",
        ],
        "SHA256": [
            "SHA256(\"abc\") ⇒ \"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\""
        ],
        "SIN": [
            "SIN(1) ⇒ 0.8414709848078965"
        ],
        "SPLIT": [
            "SPLIT(\"a,,b\", \",\") ⇒ [\"a\", \"\", \"b\"]",
            "SPLIT(\"Hello world!\") ⇒ [\"Hello\", \"world!\"]",
            "SPLIT(\"\") ⇒ []",
            "SPLIT(\"\", \",\") ⇒ [\"\"]",
        ],
        "STRING_FIND": [
            "STRING_FIND(\"Hello world!\", \"world\") ⇒ 6",
            "STRING_FIND(\"Hello world!\", \"bananas\") ⇒ -1",
        ],
        "STRIP": [
            "STRIP(\"ISBN 978-0-7267\", \"ISBN -\") ⇒ \"97807267\"",
            "STRIP(\" a b \") ⇒ \"ab\"",
        ],
        "SUBSTITUTE": [
            "SUBSTITUTE(\"Hello world!\", \"l\", \"L\") ⇒ \"HeLLo worLd!\""
        ],
        "SUBSTRING": [
            "SUBSTRING(\"Hello world!\", 0, 5) ⇒ \"Hello\"",
            "SUBSTRING(\"Hello world!\", 6, 11) ⇒ \"world\"",
            "SUBSTRING(\"abc\", 2, 0) ⇒ \"ab\"",
        ],
        "SUM": [
            "SUM([1, 4, 3, 3, 2]) ⇒ 13"
        ],
        "TIME": [
            "TIME(1, 2, 3) ⇒ {hour: 1, minute: 2, second: 3, millisecond: 0}"
        ],
        "TIMEZONE": [
            "TIMEZONE(NOW()) ⇒ \"UTC\""
        ],
        "TIME_DELTA": [
            "TIME_DELTA(TIME(9, 0, 0), TIME(10, 30, 15)) ⇒ {hour: 1, minute: 90, second: 5415, millisecond: 5415000}"
        ],
        "TO_JSON": [
            "TO_JSON(PI()) ⇒ \"3.141592653589793\"",
            "TO_JSON(\"The quick brown fox\") ⇒ \"\\\"The quick brown fox\\\"\"",
            "TO_JSON(NULL) ⇒ \"null\"",
            "TO_JSON(DATE(2021, 4, 1)) ⇒ \"{\\\"day\\\":1,\\\"month\\\":4,\\\"year\\\":2021}\"",
        ],
        "TRIM": [
            "TRIM(\"  Hello world!   \") ⇒ \"Hello world!\""
        ],
        "TYPEOF": [
            "TYPEOF([1]) ⇒ \"List\"",
            "TYPEOF(NOW()) ⇒ \"DateTime\"",
            "TYPEOF({day: 1, month: 1, year: 2020}) ⇒ \"Date\"",
        ],
        "UPPERCASE": [
            "UPPERCASE(\"ß\") ⇒ \"SS\"",
            "UPPERCASE(\"Hello world!\") ⇒ \"HELLO WORLD!\"",
        ],
        "URL_DECODE": [
            "URL_DECODE(\"a%2Fb\") ⇒ \"a/b\""
        ],
        "URL_ENCODE": [
            "URL_ENCODE(\"low code\") ⇒ \"low%20code\""
        ],
        "YEAR": [
            "YEAR(DATE(2021, 4, 1)) ⇒ 2021"
        ],
    ]
}
