//! Figures: counts, percentages, magnitudes, approximations, Chinese
//! numerals, ratios and ranges; and what is not a figure at all.

use super::*;

#[test]
fn counts_and_spans() {
    let t = "全区共受理复议案件26件,纠错9件,办结率达100%。";
    let qs = extract(t);
    assert_eq!(qs.len(), 3);
    let q = find(&qs, t, "26件");
    assert_eq!(q.kind, Kind::Count);
    assert_eq!(q.value(), ex("26"));
    assert_eq!(q.number_span().slice(t), "26");
    assert_eq!(q.unit.as_ref().unwrap().symbol(), "件");
    assert_eq!(q.key_text(t), Some("受理复议案件"));
    let q = find(&qs, t, "9件");
    assert_eq!(q.key_text(t), Some("纠错"));
    assert_eq!(q.clause().slice(t), "纠错9件");
    let q = find(&qs, t, "100%");
    assert_eq!(q.kind, Kind::Percent);
    assert_eq!(q.key_text(t), Some("办结率"));
    assert_eq!(
        q.sentence().slice(t),
        "全区共受理复议案件26件,纠错9件,办结率达100%"
    );
}

#[test]
fn percent_precision_and_fraction() {
    let q = one("调处纠纷成功率达98.25%。", "98.25%");
    assert_eq!(q.decimals, 2);
    assert_eq!(q.fraction(), Some(ex("0.9825")));
    let q = one("纠错率为37.5%", "37.5%");
    assert_eq!(q.fraction(), Some(ex("0.375")));
    assert_eq!(q.key_text("纠错率为37.5%"), Some("纠错率"));
    let q = one("比上年提高2.5个百分点", "2.5个百分点");
    assert_eq!(q.kind, Kind::PercentagePoint);
    assert_eq!(q.fraction(), None);
    let q = one("增长2倍以上", "2倍以上");
    assert_eq!(q.kind, Kind::Multiple);
    assert!(q.is_approx());
}

#[test]
fn rates_against_bases() {
    let t = "受理案件26件,审结24件,纠错9件,纠错率37.5%。";
    let q = one(t, "37.5%");
    assert_eq!(q.is_rate_of(ex("9"), ex("24")), Some(true));
    assert_eq!(q.is_rate_of(ex("9"), ex("26")), Some(false));
    assert_eq!(q.is_rate_of(ex("9"), ex("0")), None);
    let q = one("化解纠纷4819件,化解成功4812件,化解率99.85%", "99.85%");
    assert_eq!(q.is_rate_of(ex("4812"), ex("4819")), Some(true));
    assert_eq!(one(t, "26件").is_rate_of(ex("1"), ex("2")), None);
}

#[test]
fn chinese_percent() {
    let t = "覆盖率提高百分之三十,另有百分之十二点五未达标,百分之百办结。";
    let q = one(t, "百分之三十");
    assert_eq!((q.kind, q.value()), (Kind::Percent, ex("30")));
    assert_eq!(q.numeral, Numeral::Chinese);
    let q = one(t, "百分之十二点五");
    assert_eq!((q.value(), q.decimals), (ex("12.5"), 1));
    assert_eq!(q.fraction(), Some(ex("0.125")));
    assert_eq!(one(t, "百分之百").value(), ex("100"));
}

#[test]
fn magnitudes() {
    let t = "热线受理2.36万件,服务8.1亿人次,金额5432.10万元,资金约12个亿。";
    let q = one(t, "2.36万件");
    assert_eq!(
        (q.value(), q.written(), q.magnitude, q.decimals),
        (ex("23600"), ex("2.36"), 4, 2)
    );
    assert_eq!(q.kind, Kind::Count);
    let q = one(t, "8.1亿人次");
    assert_eq!(q.value(), ex("810000000"));
    assert_eq!(q.unit.as_ref().unwrap().symbol(), "人次");
    let q = one(t, "5432.10万元");
    assert_eq!((q.kind, q.value()), (Kind::Money, ex("54321000")));
    assert_eq!(q.unit.as_ref().unwrap().symbol(), "元");
    let q = one(t, "约12个亿");
    assert_eq!(q.value(), ex("1200000000"));
    assert!(q.is_approx());
}

#[test]
fn approximations() {
    let t = "开展活动2000余场,培训60多人次,走访超3.2万家,约300人参加,近5年,受理1.6万余件,90%以上,不足10人,50人左右。";
    let q = one(t, "2000余场");
    assert_eq!(q.kind, Kind::Count);
    let iv = q.interval();
    assert_eq!(iv.lo, Some(Bound::excl(ex("2000"))));
    assert_eq!(iv.hi, Some(Bound::excl(ex("3000"))));
    assert!(!iv.contains(ex("2000")) && iv.contains(ex("2001")));
    let iv = one(t, "60多人次").interval();
    assert_eq!(iv.hi, Some(Bound::excl(ex("70"))));
    let q = one(t, "超3.2万家");
    assert_eq!(q.approx()[0].word, ApproxWord::Over);
    assert_eq!(q.interval().lo, Some(Bound::excl(ex("32000"))));
    assert_eq!(q.interval().hi, None);
    let iv = one(t, "约300人").interval();
    assert_eq!(iv.lo, Some(Bound::incl(ex("250"))));
    assert_eq!(iv.hi, Some(Bound::incl(ex("350"))));
    assert!(one(t, "近5年").is_approx());
    let iv = one(t, "1.6万余件").interval();
    assert_eq!(iv.lo, Some(Bound::excl(ex("16000"))));
    assert_eq!(iv.hi, Some(Bound::excl(ex("17000"))));
    let iv = one(t, "90%以上").interval();
    assert_eq!(iv.lo, Some(Bound::incl(ex("90"))));
    assert_eq!(
        one(t, "不足10人").interval().hi,
        Some(Bound::excl(ex("10")))
    );
    assert!(one(t, "50人左右").is_approx());
    // 最近 is not 近
    let q = one("最近3年内", "3年");
    assert!(!q.is_approx());
    assert_eq!(q.kind, Kind::Measure);
}

#[test]
fn odd_approximations_are_kept() {
    // 余 after a precise figure: still an approximation (a rule can flag it).
    let q = one("接待群众咨询2317余人次", "2317余人次");
    assert_eq!(q.interval().hi, Some(Bound::excl(ex("2318"))));
}

#[test]
fn chinese_numerals_with_units() {
    let t = "明确五个方面十八项任务,聘请两千余名志愿者,三千五百余人参加,完成十余家,二十四项制度,一百二十三件。";
    let q = one(t, "五个");
    assert_eq!((q.kind, q.value()), (Kind::Count, ex("5")));
    assert_eq!(q.key_text(t), Some("明确"));
    assert_eq!(one(t, "十八项").value(), ex("18"));
    let q = one(t, "两千余名");
    assert_eq!(q.value(), ex("2000"));
    assert!(q.is_approx());
    assert_eq!(one(t, "三千五百余人").value(), ex("3500"));
    assert_eq!(one(t, "十余家").value(), ex("10"));
    assert_eq!(one(t, "二十四项").value(), ex("24"));
    assert_eq!(one(t, "一百二十三件").value(), ex("123"));
}

#[test]
fn liang_and_zero() {
    let t = "聘请两千人,设立两个中心,二〇二四年启动,一百零八项";
    let qs = extract(t);
    assert_eq!(find(&qs, t, "两千人").value(), ex("2000"));
    assert_eq!(find(&qs, t, "两个").value(), ex("2"));
    assert_eq!(find(&qs, t, "二〇二四年").kind, id(IdKind::Year));
    assert_eq!(find(&qs, t, "二〇二四年").value(), ex("2024"));
    assert_eq!(find(&qs, t, "一百零八项").value(), ex("108"));
}

#[test]
fn chinese_false_positives() {
    let t = "进一步统一标准,一些地方形成一系列做法,坚持一体推进,深入一线,实行一站式服务,落实第一责任人,推进十四五规划,开展八五普法,召开三中全会,实施十大行动,办成一件事,一把手负责,一起推进。";
    let numeric: Vec<_> = extract(t).into_iter().filter(|q| q.is_numeric()).collect();
    assert!(numeric.is_empty(), "{:?}", all(t));
    let qs = extract(t);
    assert_eq!(find(&qs, t, "第一").kind, id(IdKind::Ordinal));
    assert_eq!(find(&qs, t, "十四五").kind, id(IdKind::Plan));
    assert_eq!(find(&qs, t, "八五").kind, id(IdKind::Plan));
}

#[test]
fn chinese_fractions_and_words() {
    let t = "约三分之一的案件,十分重视,一度下降,更换零件,零容忍";
    let qs = extract(t);
    assert_eq!(qs.len(), 1, "{:?}", all(t));
    let q = &qs[0];
    assert_eq!(q.kind, Kind::Ratio);
    assert_eq!(q.text(t), "约三分之一");
    assert!(q.is_approx());
    assert_eq!((q.value(), q.denominator()), (ex("1"), Some(ex("3"))));
}

#[test]
fn thousands_separators_versus_lists() {
    let t = "全年办件1,234件。";
    let q = one(t, "1,234件");
    assert_eq!(q.value(), ex("1234"));
    let t = "受理案件26件,纠错9件";
    let v: Vec<_> = all(t).into_iter().map(|(s, _, v)| (s, v)).collect();
    assert_eq!(
        v,
        vec![("26件".into(), "26".into()), ("9件".into(), "9".into())]
    );
    let t = "涉及第1,2,3项和3,15两组";
    let vals: Vec<_> = extract(t).iter().map(|q| q.value().to_string()).collect();
    assert!(!vals.iter().any(|v| v.len() > 2), "{vals:?}");
    let t = "批次编号12,34";
    assert!(extract(t).iter().all(|q| q.value() != ex("1234")));
}

#[test]
fn durations_are_measures() {
    let t = "连续3年获评,压缩至5个工作日,开展三年行动,用时15分钟";
    let q = one(t, "3年");
    assert_eq!(
        (q.kind, q.unit.as_ref().unwrap().class),
        (Kind::Measure, UnitClass::Duration)
    );
    assert_eq!(one(t, "5个工作日").kind, Kind::Measure);
    assert_eq!(one(t, "三年").value(), ex("3"));
    assert_eq!(one(t, "15分钟").kind, Kind::Measure);
}

#[test]
fn ratios() {
    let t = "复议与诉讼比值2.15;收结案比为1.08:1";
    let qs = extract(t);
    let q = find(&qs, t, "2.15");
    assert_eq!((q.kind, q.decimals), (Kind::Ratio, 2));
    let q = find(&qs, t, "1.08:1");
    assert_eq!(q.kind, Kind::Ratio);
    assert_eq!((q.value(), q.denominator()), (ex("1.08"), Some(ex("1"))));
}

#[test]
fn ranges_borrow_units() {
    let t = "比例控制在15～30%之间,罚款13万元～17万元,培训3-5天";
    let qs = extract(t);
    let lo = find(&qs, t, "15");
    assert_eq!(lo.kind, Kind::Percent);
    assert!(lo.unit.as_ref().unwrap().borrowed);
    assert_eq!(lo.fraction(), Some(ex("0.15")));
    let r = lo.range().unwrap();
    assert_eq!((r.lo, r.hi), (ex("15"), ex("30")));
    assert_eq!(r.span.slice(t), "15～30%");
    let hi = find(&qs, t, "30%");
    assert_eq!(hi.range().as_ref().unwrap().role, RangeRole::Hi);
    let lo = find(&qs, t, "13万元");
    assert!(!lo.unit.as_ref().unwrap().borrowed);
    assert_eq!(lo.range().as_ref().unwrap().hi, ex("170000"));
    let lo = find(&qs, t, "3");
    assert_eq!(lo.kind, Kind::Measure);
    // 13～17万元: the magnitude is borrowed too
    let t = "奖励13～17万元";
    assert_eq!(one(t, "13").value(), ex("130000"));
}

#[test]
fn spaces_before_units() {
    let q = one("共办理 26 件", "26 件");
    assert_eq!(q.kind, Kind::Count);
    let q = one("编号 3 f", "3");
    assert_eq!(q.kind, Kind::Bare);
}

#[test]
fn space_before_percent() {
    let q = one("满意率达 97.5 %。", "97.5 %");
    assert_eq!(q.kind, Kind::Percent);
    assert_eq!(q.fraction(), Some(ex("0.975")));
}

#[test]
fn chinese_duo_with_magnitude() {
    let q = one("惠及一百多万人", "一百多万人");
    assert_eq!(q.value(), ex("1000000"));
    assert_eq!(q.interval().hi, Some(Bound::excl(ex("2000000"))));
    let q = one("服务10多万人次", "10多万人次");
    assert_eq!(q.value(), ex("100000"));
}

#[test]
fn count_with_alternative_unit() {
    let q = one("提出建议389条(次)。", "389条(次)");
    assert_eq!(q.unit.as_ref().unwrap().symbol(), "条(次)");
    assert_eq!(q.kind, Kind::Count);
}

#[test]
fn bare_numbers() {
    let t = "构建“3+2”机制";
    let qs = extract(t);
    assert_eq!(qs.len(), 2);
    assert!(qs.iter().all(|q| q.kind == Kind::Bare));
    let q = one("荣获“2023优秀单位”", "2023");
    assert_eq!(q.kind, id(IdKind::Year));
}

#[test]
fn full_width_after_normalization() {
    let orig = "纠错率３７．５％，受理１２件（含转结）";
    let n = crate::normalize::Normalized::new(orig);
    let t = n.text();
    let qs = extract(t);
    let q = find(&qs, t, "37.5%");
    assert_eq!(n.to_original(q.span()).slice(orig), "３７．５％");
    assert_eq!(find(&qs, t, "12件").value(), ex("12"));
}

#[test]
fn document_order_and_no_overlap() {
    let t = "2024年,全区受理26件,其中第3批9件、约15%,(一)1.2万元;一是2月3日。";
    let qs = extract(t);
    for w in qs.windows(2) {
        assert!(w[0].span().end <= w[1].span().start, "{:?}", all(t));
    }
}

#[test]
fn empty_and_junk() {
    assert!(extract("").is_empty());
    assert!(extract("没有数字的句子。").is_empty());
    let _ = extract("9999999999999999999999999999999999999999999999999999件");
    let _ = extract("1.9999999999999999999999999999%");
    let _ = extract(
        "一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一一件",
    );
    let _ = extract("〔2025〕");
    let _ = extract("(1");
    let _ = extract("百分之");
    let _ = extract("第");
    let _ = extract("2025-");
    let _ = extract("1:");
}
