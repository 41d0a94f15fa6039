//! Numbers that name rather than measure: markers, years, dates and times,
//! 文号, titles, ordinals, phone numbers and codes.

use super::*;

#[test]
fn enumeration_markers_versus_counts() {
    let t = "一是健全机制;二是强化监督。推出一批案例,办理一件,统一是关键。";
    let qs = extract(t);
    assert_eq!(find(&qs, t, "一是").kind, id(IdKind::ListMarker));
    assert_eq!(find(&qs, t, "二是").value(), ex("2"));
    let q = find(&qs, t, "一批");
    assert_eq!(q.kind, Kind::Count);
    assert!(q.vague && !q.is_exact());
    let q = find(&qs, t, "一件");
    assert_eq!((q.kind, q.value()), (Kind::Count, ex("1")));
    assert!(
        !qs.iter()
            .any(|q| q.text(t) == "一是" && q.span().start > t.find("统").unwrap())
    );
}

#[test]
fn heading_markers() {
    let t = "一、总体情况\n(一)强化领导\n1.健全制度\n(2)细化措施\n2、落实责任\n";
    let kinds: Vec<_> = all(t).into_iter().map(|(s, k, _)| (s, k)).collect();
    let m = id(IdKind::ListMarker);
    assert_eq!(
        kinds,
        vec![
            ("一、".to_string(), m),
            ("(一)".to_string(), m),
            ("1.".to_string(), m),
            ("(2)".to_string(), m),
            ("2、".to_string(), m),
        ]
    );
}

#[test]
fn years_versus_counts() {
    let t = "2023年全县受理2023件,2024年度计划,2024 年底,(2022—2026年)纲要,2023-2027年规划。";
    let qs = extract(t);
    assert_eq!(find(&qs, t, "2023年").kind, id(IdKind::Year));
    let q = find(&qs, t, "2023件");
    assert_eq!((q.kind, q.value()), (Kind::Count, ex("2023")));
    assert_eq!(find(&qs, t, "2024年度").kind, id(IdKind::Year));
    assert_eq!(find(&qs, t, "2024 年").kind, id(IdKind::Year));
    let lo = find(&qs, t, "2022");
    assert_eq!(lo.kind, id(IdKind::Year));
    assert_eq!(lo.range().as_ref().unwrap().role, RangeRole::Lo);
    assert_eq!(lo.range().as_ref().unwrap().span.slice(t), "2022—2026年");
    assert_eq!(find(&qs, t, "2023").kind, id(IdKind::Year));
    assert_eq!(find(&qs, t, "2027年").kind, id(IdKind::Year));
    assert!(qs.iter().all(|q| q.is_numeric() == (q.kind == Kind::Count)));
}

#[test]
fn bare_year_range() {
    let t = "规划(2023-2027)明确";
    let qs = extract(t);
    assert_eq!(qs.len(), 2);
    assert!(
        qs.iter().all(|q| q.kind == id(IdKind::Year)),
        "{:?}",
        all(t)
    );
    assert_eq!(qs[1].range().as_ref().unwrap().span.slice(t), "2023-2027");
}

#[test]
fn lost_year_dash() {
    let t = "贯彻落实纲要(20212025年)要求";
    let q = one(t, "20212025年");
    assert_eq!(q.kind, id(IdKind::Year));
    assert!(q.malformed);
    assert!(!q.is_numeric());
}

#[test]
fn dates_and_times() {
    let t = "于3月15日前报送,2025年1月10日印发,成文日期:2025-01-10,发布时间:2025-01-10 09:30,每年4月1日之前,1月底,15:20召开,二〇二五年一月十日";
    let qs = extract(t);
    for m in [
        "3月15日",
        "2025年1月10日",
        "2025-01-10",
        "2025-01-10 09:30",
        "4月1日",
        "1月",
        "15:20",
        "二〇二五年一月十日",
    ] {
        let q = find(&qs, t, m);
        assert!(q.kind.is_identifier(), "{m}: {:?}", q.kind);
    }
    assert_eq!(find(&qs, t, "15:20").kind, id(IdKind::Time));
    let t = "2024年1-11月,3至5日";
    assert!(extract(t).iter().all(|q| !q.is_numeric()), "{:?}", all(t));
    assert!(qs.iter().all(|q| !q.is_numeric()), "{:?}", all(t));
}

#[test]
fn doc_numbers() {
    let t = "(某府发〔2025〕14号)、(某办发[2024]3号)、某委〔24〕5号、某发〔2023〕第07号";
    let qs = extract(t);
    let q = find(&qs, t, "〔2025〕14号");
    assert_eq!(
        (q.kind, q.value(), q.malformed),
        (id(IdKind::DocNumber), ex("14"), false)
    );
    assert!(find(&qs, t, "[2024]3号").malformed);
    assert!(find(&qs, t, "〔24〕5号").malformed);
    assert!(find(&qs, t, "〔2023〕第07号").malformed);
    assert!(qs.iter().all(|q| !q.is_numeric()));
}

#[test]
fn titles_are_identifiers() {
    let t = "印发《某市2024年度三项重点工作20条措施》,落实《实施纲要(2021—2025年)》,完成12项。";
    let qs = extract(t);
    let numeric: Vec<_> = qs.iter().filter(|q| q.is_numeric()).collect();
    assert_eq!(numeric.len(), 1);
    assert_eq!(numeric[0].text(t), "12项");
    assert!(qs.iter().any(|q| q.kind == id(IdKind::LawTitle)));
}

#[test]
fn ordinals() {
    let t = "入选第二批名单,第3批试点,第十一届第73次会议";
    let qs = extract(t);
    assert_eq!(find(&qs, t, "第二批").kind, id(IdKind::Ordinal));
    assert_eq!(find(&qs, t, "第3批").value(), ex("3"));
    assert_eq!(find(&qs, t, "第73次").kind, id(IdKind::Ordinal));
    assert!(qs.iter().all(|q| !q.is_numeric()));
    let t = "入选第一、二批示范,第3至5批试点";
    let qs = extract(t);
    assert_eq!(find(&qs, t, "二批").kind, id(IdKind::Ordinal));
    assert_eq!(find(&qs, t, "5批").kind, id(IdKind::Ordinal));
    assert!(qs.iter().all(|q| !q.is_numeric()), "{:?}", all(t));
}

#[test]
fn phones_and_codes() {
    let t = "索 引 号:008123456/2024-00123,拨打“12345”热线,电话0825-2345678,手机13800000000,推进5G建设,依据GB/T 9704-2012";
    let qs = extract(t);
    assert_eq!(find(&qs, t, "008123456/2024-00123").kind, id(IdKind::Code));
    assert_eq!(find(&qs, t, "12345").kind, id(IdKind::Phone));
    assert_eq!(find(&qs, t, "0825-2345678").kind, id(IdKind::Phone));
    assert_eq!(find(&qs, t, "13800000000").kind, id(IdKind::Phone));
    assert_eq!(find(&qs, t, "5G").kind, id(IdKind::Code));
    assert_eq!(find(&qs, t, "9704-2012").kind, id(IdKind::Code));
    assert!(qs.iter().all(|q| !q.is_numeric()), "{:?}", all(t));
    // a hotline with a unit is a count
    assert_eq!(one("办件12345件", "12345件").kind, Kind::Count);
}

#[test]
fn lost_interpunct_is_not_a_number() {
    let t = "开展“3 f 15”消费者权益日和“5·20”活动";
    let qs = extract(t);
    let q = find(&qs, t, "3 f 15");
    assert_eq!(q.kind, id(IdKind::Date));
    assert!(q.malformed);
    assert!(!find(&qs, t, "5·20").malformed);
    assert!(qs.iter().all(|q| !q.is_numeric()));
}
