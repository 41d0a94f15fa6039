//! The README's table of rule kinds agrees with each kind's own `## Options`
//! documentation (`src/rules/<kind>.rs`): the same kinds, and for each the
//! same options.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// `(kind, option cell)` for each row of the README's table of rule kinds.
fn readme_rows() -> Vec<(String, String)> {
    let readme = fs::read_to_string("README.md").expect("README.md");
    let table = readme
        .split_once("### 规则类型")
        .expect("a section 规则类型 in the README")
        .1;
    table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|row| {
            let cells: Vec<&str> = row.trim_matches('|').split(" | ").collect();
            assert_eq!(cells.len(), 3, "a row of three cells: {row}");
            let kind = cells[0].trim().trim_matches('`').to_owned();
            (kind, cells[2].trim().to_owned())
        })
        .collect()
}

/// The module documentation of kind `kind`.
fn kind_docs(kind: &str) -> String {
    let rules = Path::new("src/rules");
    let file = [
        rules.join(format!("{kind}.rs")),
        rules.join(kind).join("mod.rs"),
    ]
    .into_iter()
    .find(|p| p.is_file())
    .unwrap_or_else(|| panic!("the README names `{kind}`, which has no src/rules/{kind}.rs"));
    fs::read_to_string(file)
        .expect("a rule kind's source")
        .lines()
        .map_while(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The YAML example under `## Options` in a kind's documentation.
fn options_block(kind: &str, docs: &str) -> String {
    let options = docs
        .split_once("## Options")
        .unwrap_or_else(|| panic!("`{kind}` documents no ## Options"))
        .1;
    let yaml = options
        .split_once("```yaml\n")
        .unwrap_or_else(|| panic!("`{kind}`: ## Options without a yaml block"))
        .1;
    yaml.split_once("```")
        .expect("a closed yaml block")
        .0
        .to_owned()
}

/// The keys right under `<kind>:` in an options block.
fn top_level_options(kind: &str, yaml: &str) -> BTreeSet<String> {
    let mut lines = yaml.lines().skip_while(|l| l.trim() != format!("{kind}:"));
    let head = lines
        .next()
        .unwrap_or_else(|| panic!("`{kind}:` in its options"));
    let depth = indent(head) + 2;
    lines
        .filter(|l| indent(l) == depth)
        .filter_map(|l| l.trim().split_once(':').map(|(key, _)| key.to_owned()))
        .collect()
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The code spans of a cell outside and inside full-width parentheses: the
/// options, and what the README says about them (sub-keys, values).
fn cell_names(cell: &str) -> (BTreeSet<String>, Vec<String>) {
    let (mut outside, mut inside) = (String::new(), String::new());
    let mut depth = 0usize;
    for c in cell.chars() {
        match c {
            '（' => depth += 1,
            '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => outside.push(c),
            _ => inside.push(c),
        }
        if depth > 0 && c == '（' {
            inside.push(' ');
        }
    }
    let code =
        |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_owned).collect() };
    (code(&outside).into_iter().collect(), code(&inside))
}

/// Kinds documented in `src/rules` (a module opening with `` `kind`: ``).
fn documented_kinds() -> BTreeSet<String> {
    let mut kinds = BTreeSet::new();
    for entry in fs::read_dir("src/rules").expect("src/rules") {
        let path = entry.expect("a directory entry").path();
        let name = path.file_stem().and_then(|n| n.to_str()).unwrap_or("");
        let text = fs::read_to_string(if path.is_dir() {
            path.join("mod.rs")
        } else {
            path.clone()
        })
        .unwrap_or_default();
        if text.starts_with(&format!("//! `{name}`:")) {
            kinds.insert(name.to_owned());
        }
    }
    kinds
}

#[test]
fn the_readme_lists_every_kind_once() {
    let listed: Vec<String> = readme_rows().into_iter().map(|(k, _)| k).collect();
    let unique: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(
        unique.len(),
        listed.len(),
        "a kind listed twice: {listed:?}"
    );
    assert_eq!(unique, documented_kinds());
}

#[test]
fn the_readme_names_the_options_each_kind_documents() {
    for (kind, cell) in readme_rows() {
        let yaml = options_block(&kind, &kind_docs(&kind));
        let (options, details) = cell_names(&cell);
        assert_eq!(
            options,
            top_level_options(&kind, &yaml),
            "`{kind}`: the README's options (outside parentheses) and its ## Options"
        );
        for word in details.iter().filter(|w| {
            w.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        }) {
            let named = yaml
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .any(|w| w == word);
            assert!(
                named,
                "`{kind}`: the README mentions `{word}`, its ## Options do not"
            );
        }
    }
}
