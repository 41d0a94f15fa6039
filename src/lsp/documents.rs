//! The documents the client has open: their text as edited, version by
//! version, and the latest check of each.
//!
//! Every change gets a new *revision* (the client's version numbers are
//! echoed back but not trusted to increase): a check's result is used only
//! when its revision is still the document's, so a slow check of older text
//! is never published over newer text.

use super::checks::Analysis;
use super::position::IndexedText;
use super::uri;
use lsp_types::{TextDocumentContentChangeEvent, Uri};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// A request that waits for the check of the current revision.
#[derive(Debug)]
pub(crate) struct Waiting {
    pub(crate) id: lsp_server::RequestId,
    pub(crate) request: super::server::Deferred,
}

/// One open document.
pub(super) struct Document {
    /// The local file, for `file:` documents.
    pub(crate) path: Option<PathBuf>,
    /// The client's version of the current text.
    pub(crate) version: i32,
    pub(crate) revision: u64,
    pub(crate) text: Arc<IndexedText>,
    /// The latest check whose revision is the current one, if any.
    pub(crate) analysis: Option<Arc<Analysis>>,
    /// Requests answered when the current revision has been checked.
    pub(crate) waiting: Vec<Waiting>,
    /// The last check panicked (and the user has been told).
    pub(crate) failed: bool,
}

impl Document {
    /// The name the document is checked under (its path, else its URI).
    pub(super) fn name(&self, uri: &Uri) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => uri.as_str().to_owned(),
        }
    }

    /// The analysis of the current text, if it has been checked.
    pub(crate) fn current(&self) -> Option<&Arc<Analysis>> {
        self.analysis
            .as_ref()
            .filter(|a| a.revision == self.revision)
    }
}

#[derive(Default)]
pub(crate) struct Documents {
    open: HashMap<Uri, Document>,
    next_revision: u64,
}

impl Documents {
    fn revision(&mut self) -> u64 {
        self.next_revision += 1;
        self.next_revision
    }

    /// Open a document (again: its old text is replaced, and the requests
    /// that waited for it are returned).
    pub(crate) fn open(&mut self, uri: Uri, version: i32, text: String) -> Vec<Waiting> {
        let revision = self.revision();
        let doc = Document {
            path: uri::to_path(&uri),
            version,
            revision,
            text: Arc::new(IndexedText::new(text)),
            analysis: None,
            waiting: Vec::new(),
            failed: false,
        };
        self.open
            .insert(uri, doc)
            .map(|old| old.waiting)
            .unwrap_or_default()
    }

    /// Apply the changes of one `didChange`, in order (each range is in the
    /// text as the previous change left it). The requests waiting for the
    /// old text are returned: their positions no longer hold.
    pub(crate) fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> Option<Vec<Waiting>> {
        let revision = self.revision();
        let doc = self.open.get_mut(uri)?;
        let mut text = Arc::clone(&doc.text);
        for c in changes {
            text = Arc::new(text.edited(c.range, &c.text));
        }
        doc.text = text;
        doc.version = version;
        doc.revision = revision;
        Some(std::mem::take(&mut doc.waiting))
    }

    pub(crate) fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri)
    }

    pub(crate) fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri)
    }

    pub(crate) fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.open.get_mut(uri)
    }

    pub(crate) fn uris(&self) -> Vec<Uri> {
        self.open.keys().cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};
    use std::str::FromStr;

    #[test]
    fn changes_apply_in_order_and_bump_the_revision() {
        let uri = Uri::from_str("file:///tmp/r.md").unwrap();
        let mut docs = Documents::default();
        docs.open(uri.clone(), 1, "𠀀法制政府\n".to_owned());
        let first = docs.get(&uri).unwrap().revision;
        let at = |l, c| Position::new(l, c);
        docs.change(
            &uri,
            2,
            vec![
                TextDocumentContentChangeEvent {
                    range: Some(Range::new(at(0, 3), at(0, 4))),
                    range_length: None,
                    text: "治".to_owned(),
                },
                TextDocumentContentChangeEvent {
                    range: Some(Range::new(at(1, 0), at(1, 0))),
                    range_length: None,
                    text: "二".to_owned(),
                },
            ],
        )
        .unwrap();
        let doc = docs.get(&uri).unwrap();
        assert_eq!(doc.text.as_str(), "𠀀法治政府\n二");
        assert_eq!(doc.version, 2);
        assert!(doc.revision > first);
        assert_eq!(doc.path.as_deref(), Some(std::path::Path::new("/tmp/r.md")));
        assert!(
            docs.change(&Uri::from_str("file:///x").unwrap(), 1, vec![])
                .is_none()
        );
    }
}
