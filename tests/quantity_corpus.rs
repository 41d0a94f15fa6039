//! `quantity::extract` on the five corpus reports (read by path, never copied):
//! specific figures must come out with the right value, kind and span, and
//! identifiers must never be numeric.

mod common;
use common::{corpus_path, corpus_text};

use reportlint::normalize::Normalized;
use reportlint::quantity::{Bound, Exact, IdKind, Kind, Quantity, extract};

struct Doc {
    original: String,
    /// The normalized text.
    text: String,
    qs: Vec<Quantity>,
}

fn load(prefix: &str) -> Doc {
    let original = corpus_text(prefix);
    let text = Normalized::new(&original).text().to_owned();
    let qs = extract(&text);
    Doc { original, text, qs }
}

fn ex(s: &str) -> Exact {
    Exact::parse(s).unwrap()
}

impl Doc {
    /// The first quantity whose normalized mention text is `mention`.
    fn get(&self, mention: &str) -> &Quantity {
        let t = &self.text;
        let q = self
            .qs
            .iter()
            .find(|q| q.text(t) == mention)
            .unwrap_or_else(|| panic!("missing {mention:?}"));
        // The span is where the mention is, and maps back to the original.
        let orig = Normalized::new(&self.original).to_original(q.span());
        assert!(
            self.original.is_char_boundary(orig.start) && self.original.is_char_boundary(orig.end)
        );
        assert_eq!(
            Normalized::new(orig.slice(&self.original)).text(),
            mention,
            "original slice of {mention:?}"
        );
        q
    }

    fn check_invariants(&self) {
        let t = &self.text;
        let mut last = 0;
        for q in &self.qs {
            assert!(q.span().start >= last, "order/overlap at {:?}", q.text(t));
            last = q.span().end;
            if q.kind.is_identifier() {
                assert!(!q.is_numeric());
            }
            // A calendar year is never a count or a duration.
            if q.is_numeric() {
                let u = q.unit.as_ref().map(|u| u.symbol());
                if u == Some("年") {
                    assert!(q.value() < ex("100"), "year as duration: {:?}", q.text(t));
                }
                assert!(
                    !(q.kind == Kind::Count && q.text(t).ends_with('年')),
                    "{:?}",
                    q.text(t)
                );
            }
            assert!(q.span().contains(q.number_span()) || q.kind == Kind::Identifier(IdKind::Code));
        }
    }
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn corpus_000() {
    let d = load("000_");
    d.check_invariants();
    let q = d.get("5907件");
    assert_eq!((q.kind, q.value()), (Kind::Count, ex("5907")));
    assert_eq!(q.key_text(&d.text), Some("排查调处矛盾纠纷"));
    let q = d.get("3.64万件");
    assert_eq!(
        (q.kind, q.value(), q.magnitude),
        (Kind::Count, ex("36400"), 4)
    );
    let q = d.get("99.93%");
    assert_eq!((q.kind, q.decimals), (Kind::Percent, 2));
    assert_eq!(q.fraction(), Some(ex("0.9993")));
    let q = d.get("37.5%");
    assert_eq!(q.key_text(&d.text), Some("纠错率"));
    let q = d.get("80余人次");
    assert!(q.is_approx() && q.interval().contains(ex("85")));
    assert_eq!(
        d.get("〔2025〕14号").kind,
        Kind::Identifier(IdKind::DocNumber)
    );
    assert_eq!(d.get("12345").kind, Kind::Identifier(IdKind::Phone));
    assert_eq!(d.get("454条(次)").value(), ex("454"));
    assert_eq!(d.get("2024年度").kind, Kind::Identifier(IdKind::Year));
    assert_eq!(d.get("2025年2月24日").kind, Kind::Identifier(IdKind::Date));
    assert_eq!(
        d.get("115108037/2025-00427").kind,
        Kind::Identifier(IdKind::Code)
    );
    // 《…(2021—2025年)》: title contents are not figures
    assert_eq!(d.get("2021").kind, Kind::Identifier(IdKind::LawTitle));
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn corpus_001() {
    let d = load("001_");
    d.check_invariants();
    let q = d.get("6988.66万元");
    assert_eq!(
        (q.kind, q.value(), q.decimals),
        (Kind::Money, ex("69886600"), 2)
    );
    assert_eq!(d.get("92%").kind, Kind::Percent);
    assert!(d.get("[2025]1号").malformed);
    let q = d.get("48余件");
    assert_eq!(q.interval().hi, Some(Bound::excl(ex("49"))));
    assert_eq!(d.get("十四五").kind, Kind::Identifier(IdKind::Plan));
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn corpus_002() {
    let d = load("002_");
    d.check_invariants();
    let q = d.get("1000余场(次)");
    assert_eq!(q.kind, Kind::Count);
    let iv = q.interval();
    assert_eq!(iv.lo, Some(Bound::excl(ex("1000"))));
    assert!(!iv.contains(ex("1000")) && iv.contains(ex("1050")));
    let q = d.get("七个");
    assert_eq!((q.kind, q.value()), (Kind::Count, ex("7")));
    assert_eq!(d.get("24项").value(), ex("24"));
    assert_eq!(d.get("1.8万余件").value(), ex("18000"));
    let q = d.get("2.3亿人次以上");
    assert_eq!(q.value(), ex("230000000"));
    assert_eq!(q.interval().hi, None);
    let q = d.get("超1.11万件");
    assert_eq!(q.interval().lo, Some(Bound::excl(ex("11100"))));
    assert_eq!(d.get("89.6%").decimals, 1);
    assert_eq!(d.get("2倍以上").kind, Kind::Multiple);
    assert_eq!(d.get("31.4万户(次)").value(), ex("314000"));
    assert_eq!(d.get("2024").kind, Kind::Identifier(IdKind::Year));
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn corpus_003() {
    let d = load("003_");
    d.check_invariants();
    let q = d.get("3 f 8");
    assert!(q.malformed && !q.is_numeric());
    assert!(d.get("约14个亿").is_approx());
    assert_eq!(d.get("〔2020〕15号").value(), ex("15"));
    assert_eq!(d.get("第73次").kind, Kind::Identifier(IdKind::Ordinal));
    assert_eq!(d.get("578人次").value(), ex("578"));
    assert_eq!(
        d.get("2021-03-04 11:52:53").kind,
        Kind::Identifier(IdKind::Date)
    );
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn corpus_004_traditional() {
    let d = load("004_");
    d.check_invariants();
    for (m, v) in [
        ("1510件", "1510"),
        ("474件", "474"),
        ("184件", "184"),
        ("14709起", "14709"),
    ] {
        let q = d.get(m);
        assert_eq!((q.kind, q.value()), (Kind::Count, ex(v)), "{m}");
    }
    let q = d.get("3.08");
    assert_eq!((q.kind, q.decimals), (Kind::Ratio, 2));
    assert_eq!(d.get("51.5%").fraction(), Some(ex("0.515")));
    assert_eq!(
        d.get("2025-02-08 15:56").kind,
        Kind::Identifier(IdKind::Date)
    );
}

#[test]
#[cfg_attr(corpus_missing, ignore = "needs ../shared/corpus")]
fn debug_quantities_command() {
    let path = corpus_path("000_");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(["debug", "quantities"])
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .expect("run reportlint");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let items = v["quantities"].as_array().expect("array");
    let original = std::fs::read_to_string(&path).unwrap();
    let q = items
        .iter()
        .find(|q| q["text"] == "5907件")
        .expect("5907件 listed");
    let (s, e) = (
        q["span"][0].as_u64().unwrap() as usize,
        q["span"][1].as_u64().unwrap() as usize,
    );
    assert_eq!(&original[s..e], "5907件");
    assert_eq!(q["kind"], "count");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_reportlint"))
        .args(["debug", "quantities"])
        .arg(&path)
        .output()
        .expect("run reportlint");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("count\t5907件\t= 5907"));
}
