//! Comment markers in a story part: `commentRangeStart` before the first
//! character, `commentRangeEnd` and a `commentReference` run after the last,
//! and the runs split where a marker falls inside one (the split halves keep
//! the run's properties; text split inside `w:t` keeps its spaces).

use super::Loaded;
use super::anchor::{Point, Stories};
use super::story::Story;
use super::xml::{W_STRICT, W_TRANSITIONAL};

/// A marker to insert: where, its order among markers at one place (ends
/// of earlier comments 0, starts 1, ends of empty comments 2), its XML.
pub(super) type Marker = (Point, u8, String);

/// The markers of comment `id` from `start` to `end`.
pub(super) fn markers(doc: &Loaded<'_>, id: i64, start: Point, end: Point) -> [(Point, Marker); 2] {
    let story = |p| {
        doc.story(p)
            .map(markup)
            .unwrap_or_else(|| ("w".into(), String::new()))
    };
    let (w, decl) = story(start.part);
    let opening = format!("<{w}:commentRangeStart{decl} {w}:id=\"{id}\"/>");
    let (w, decl) = story(end.part);
    let closing = format!(
        "<{w}:commentRangeEnd{decl} {w}:id=\"{id}\"/><{w}:r{decl}><{w}:commentReference {w}:id=\"{id}\"/></{w}:r>"
    );
    let order = if end == start { 2 } else { 0 };
    [(start, (start, 1, opening)), (end, (end, order, closing))]
}

/// The prefix to write WordprocessingML elements with in a story, and the
/// namespace declaration they need (none when the root binds the prefix).
fn markup(story: &Story) -> (String, String) {
    match &story.w_prefix {
        Some(p) => (p.clone(), String::new()),
        None => {
            let uri = if story.strict {
                W_STRICT
            } else {
                W_TRANSITIONAL
            };
            ("w".to_owned(), format!(" xmlns:w=\"{uri}\""))
        }
    }
}

/// Insert the markers of `points` into a story part.
pub(super) fn insert_markers(xml: &str, story: &Story, mut points: Vec<Marker>) -> String {
    // By position; at one position, comment ends (0) before starts (1),
    // and the ends of empty comments (2) after their starts.
    points.sort_by_key(|(p, order, _)| (p.pos, *order));
    let mut edits: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < points.len() {
        let (point, _, _) = points[i];
        let mut markers = String::new();
        while i < points.len() && points[i].0.pos == point.pos {
            markers.push_str(&points[i].2);
            i += 1;
        }
        let Some((run, t)) = point.split else {
            edits.push((point.pos, markers));
            continue;
        };
        let Some(r) = story.runs.get(run as usize) else {
            continue;
        };
        let open = &xml[r.open.clone()];
        let rpr = r.rpr.clone().map_or("", |x| &xml[x]);
        let run_name = tag_name(open);
        let mut s = String::new();
        let text = t.and_then(|t| story.texts.get(t as usize));
        if let Some(text) = text {
            let t_open = &xml[text.open.clone()];
            if !text.preserve {
                // Split text keeps its spaces at the cut.
                edits.push((text.open.end - 1, " xml:space=\"preserve\"".to_owned()));
            }
            s.push_str(&format!("</{}>", tag_name(t_open)));
        }
        s.push_str(&format!("</{run_name}>"));
        s.push_str(&markers);
        s.push_str(open);
        s.push_str(rpr);
        if let Some(text) = text {
            s.push_str(&format!(
                "<{} xml:space=\"preserve\">",
                tag_name(&xml[text.open.clone()])
            ));
        }
        edits.push((point.pos, s));
    }
    edits.sort_by_key(|(pos, _)| *pos);
    edits.dedup();
    let mut out = String::with_capacity(xml.len() + edits.iter().map(|e| e.1.len()).sum::<usize>());
    let mut at = 0;
    for (pos, s) in edits {
        out.push_str(&xml[at..pos]);
        out.push_str(&s);
        at = pos;
    }
    out.push_str(&xml[at..]);
    out
}

/// The qualified name in a start tag: `w:r` in `<w:r w:rsidR="00A1">`.
fn tag_name(open: &str) -> &str {
    let s = open.trim_start_matches('<');
    let end = s
        .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .unwrap_or(s.len());
    &s[..end]
}
