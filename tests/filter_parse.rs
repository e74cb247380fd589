//! The filter language: what parses into what, and the exact error for what does not.

use meshscope::filter::{
    ErrorKind, Expr, Filter, HexTest, NumTest, Operator, PathTest, Test, TextTest,
};

fn parse(text: &str) -> Expr {
    match Filter::parse(text) {
        Ok(filter) => filter.expr().clone(),
        Err(err) => panic!("{text:?} should parse: {err}"),
    }
}

fn error(text: &str) -> String {
    match Filter::parse(text) {
        Ok(filter) => panic!("{text:?} should not parse, got {:?}", filter.expr()),
        Err(err) => err.to_string(),
    }
}

fn test(t: Test) -> Expr {
    Expr::Test(t)
}

fn num(op: Operator, value: f64) -> NumTest {
    NumTest { op, value }
}

#[test]
fn comparisons_and_logic() {
    assert_eq!(
        parse("type == ADVERT && snr > 5"),
        Expr::And(vec![
            test(Test::Type(1 << 4)),
            test(Test::Snr(num(Operator::Gt, 5.0)))
        ])
    );
    // && binds tighter than ||, parentheses group, ! applies to the next term.
    assert_eq!(
        parse("hops >= 3 || !(rssi < -100) && size <= 40"),
        Expr::Or(vec![
            test(Test::Hops(num(Operator::Ge, 3.0))),
            Expr::And(vec![
                Expr::Not(Box::new(test(Test::Rssi(num(Operator::Lt, -100.0))))),
                test(Test::Size(num(Operator::Le, 40.0))),
            ]),
        ])
    );
    assert_eq!(
        parse("not decrypted or verified == false"),
        Expr::Or(vec![
            Expr::Not(Box::new(test(Test::Decrypted(true)))),
            test(Test::Verified(false)),
        ])
    );
    assert_eq!(parse("decrypted != true"), test(Test::Decrypted(false)));
    assert_eq!(parse("   "), Expr::And(vec![]));
    assert!(Filter::parse("").unwrap().is_all());
    assert!(!Filter::parse("hops > 1").unwrap().is_all());
}

#[test]
fn values_by_field_kind() {
    assert_eq!(
        parse(r#"name contains "Roof""#),
        test(Test::Name(TextTest::new(Operator::Contains, "roof")))
    );
    assert_eq!(
        parse("channel == '#test'"),
        test(Test::Channel(TextTest::new(Operator::Eq, "#test")))
    );
    assert_eq!(
        parse("observer == SEA"),
        test(Test::Observer(TextTest::new(Operator::Eq, "sea")))
    );
    assert_eq!(
        parse("path contains A3"),
        test(Test::Path(PathTest::new(Operator::Contains, "A3")))
    );
    assert_eq!(
        parse("payload_hex starts_with 0x1A2b"),
        test(Test::PayloadHex(HexTest::new(
            Operator::StartsWith,
            vec![1, 0xA, 2, 0xB]
        )))
    );
    assert_eq!(
        parse("snr >= -7.25"),
        test(Test::Snr(num(Operator::Ge, -7.25)))
    );
    assert_eq!(
        parse("time > \"2026-01-01T10:00\""),
        test(Test::Time(num(Operator::Gt, 1_767_261_600_000.0)))
    );
    assert_eq!(
        parse("time <= 2026-01-02"),
        test(Test::Time(num(Operator::Le, 1_767_312_000_000.0)))
    );
    assert_eq!(parse("route = transport"), test(Test::Route(0b1001)));
    assert_eq!(parse("TYPE == dm"), test(Test::Type(1 << 2)));
    assert_eq!(parse(r#"type == "channel msg""#), test(Test::Type(1 << 5)));
    assert_eq!(parse("type != ack"), test(Test::Type(!(1 << 3))));
    assert_eq!(
        parse("hash starts_with BBF9"),
        test(Test::Hash(TextTest::new(Operator::StartsWith, "bbf9")))
    );
    assert_eq!(
        parse("sender ends_with bob && text contains \"a \\\"quote\\\"\""),
        Expr::And(vec![
            test(Test::Sender(TextTest::new(Operator::EndsWith, "bob"))),
            test(Test::Text(TextTest::new(Operator::Contains, "a \"quote\""))),
        ])
    );
}

#[test]
fn precise_errors() {
    assert_eq!(
        error("type == ADVERT && snr >"),
        "expected a value after `>` at column 24"
    );
    assert_eq!(
        error("snr == && hops > 1"),
        "expected a value after `==` at column 8, found `&&`"
    );
    assert_eq!(
        error("snrr > 5"),
        "unknown field `snrr` at column 1 (did you mean `snr`?)"
    );
    assert_eq!(
        error("hops > 1 && obsrver == SEA"),
        "unknown field `obsrver` at column 13 (did you mean `observer`?)"
    );
    assert_eq!(error("wibble == 1"), "unknown field `wibble` at column 1");
    assert_eq!(
        error("type == ADVRT"),
        "unknown payload type `ADVRT` at column 9 (did you mean `ADVERT`?)"
    );
    assert_eq!(
        error("route == flod"),
        "unknown route `flod` at column 10 (did you mean `FLOOD`?)"
    );
    assert_eq!(
        error("snr contains 5"),
        "`contains` does not apply to `snr` (a number) at column 5"
    );
    assert_eq!(
        error("name > b"),
        "`>` does not apply to `name` (text) at column 6"
    );
    assert_eq!(
        error("snr > high"),
        "`snr` takes a number, not `high` (column 7)"
    );
    assert_eq!(
        error("raw contains xyz"),
        "`raw` takes hex digits, not `xyz` (column 14)"
    );
    assert_eq!(
        error("verified == maybe"),
        "`verified` takes true or false, not `maybe` (column 13)"
    );
    assert_eq!(
        error("time > yesterday"),
        "`time` takes a date such as \"2026-01-01T10:00\" or unix seconds, not `yesterday` (column 8)"
    );
    assert_eq!(
        error("snr"),
        "expected an operator (==, !=, >, <, >=, <=, contains, starts_with, ends_with) after `snr` at column 4"
    );
    assert_eq!(error("(hops > 1"), "`(` at column 1 is never closed");
    assert_eq!(error("hops > 1)"), "`)` at column 9 closes nothing");
    assert_eq!(
        error("type == channel msg"),
        "expected `&&`, `||` or `)` at column 17, found `msg` (quote values that contain spaces)"
    );
    assert_eq!(
        error("name == \"Roof"),
        "unclosed string starting at column 9"
    );
    assert_eq!(error("hops > 1 & snr > 2"), "unexpected `&` at column 10");
    assert_eq!(
        error("&& hops > 1"),
        "expected a field name at column 1, found `&&`"
    );
    assert_eq!(error("hops > 1 &&"), "expected a field name at column 12");
    assert_eq!(
        error("\"snr\" > 1"),
        "expected a field name at column 1, found `\"snr\"`"
    );
}

#[test]
fn errors_carry_kind_and_column() {
    let err = Filter::parse("hops > 1 && snrr < 2").unwrap_err();
    assert_eq!(
        err.kind,
        ErrorKind::UnknownField {
            suggestion: Some("snr")
        }
    );
    assert_eq!((err.column, err.found.as_str()), (13, "snrr"));
    // Columns count characters, not bytes.
    let err = Filter::parse("name == \"é\" && x == 1").unwrap_err();
    assert_eq!(err.column, 16);
}
