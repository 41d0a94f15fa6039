//! The stdio transport: LSP base-protocol frames (`Content-Length` headers
//! and a JSON body) read and written on two threads.
//!
//! lsp-server's own stdio transport ends the connection at the first body
//! that is not a message; an editor then shows the server as crashed. Here a
//! malformed message is answered and the connection goes on: a body that is
//! not JSON gets a `ParseError` response (id `null`), a JSON value that is not
//! a message gets `InvalidRequest` when it carries an id, and a broken header
//! block is skipped up to its blank line. Only the end of input (or the
//! `exit` notification) ends reading.

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, RequestId, Response};
use std::io::{self, BufRead, Read, Write};

/// A body larger than this is skipped, not read into memory (a 1 MB draft
/// is about 1 MB of JSON; escaped, a few times that).
const MAX_BODY: usize = 64 << 20;
/// A header line longer than this is not a header.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// What the reader hands to the server.
#[derive(Debug)]
pub(crate) enum Incoming {
    Message(Message),
    /// A frame that is not a valid message: answer with `error` when it has
    /// an id (`Some(None)`: the `null` id of an unreadable body).
    Malformed {
        id: Option<Option<RequestId>>,
        error: String,
    },
}

/// What the writer sends to the client.
#[derive(Debug)]
pub(crate) enum Outgoing {
    Message(Message),
    /// The response to a body that could not be parsed: JSON-RPC's `null` id,
    /// which lsp-server's `Response` cannot hold.
    NullIdError {
        code: i32,
        message: String,
    },
}

/// One frame of the base protocol.
#[derive(Debug, PartialEq, Eq)]
enum Frame {
    Body(Vec<u8>),
    /// Headers without a usable `Content-Length`; the stream is at the
    /// start of the next frame again.
    BadHeader(String),
    End,
}

/// Read one frame. Headers end at an empty line; header lines may end in
/// `\r\n` or `\n`.
fn read_frame(input: &mut impl BufRead) -> io::Result<Frame> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = Vec::new();
    let mut any_header = false;
    loop {
        line.clear();
        let n = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(Frame::End);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if any_header {
                break;
            }
            // Blank lines between frames.
            continue;
        }
        any_header = true;
        if let Some((name, value)) = text.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("无效的 Content-Length：{}", value.trim())),
                );
            }
        }
    }
    let length = match length {
        Some(Ok(n)) => n,
        Some(Err(e)) => return Ok(Frame::BadHeader(e)),
        None => return Ok(Frame::BadHeader("消息头中没有 Content-Length".to_owned())),
    };
    if length > MAX_BODY {
        io::copy(&mut input.by_ref().take(length as u64), &mut io::sink())?;
        return Ok(Frame::BadHeader(format!("消息过大（{length} 字节）")));
    }
    let mut body = vec![0; length];
    match input.read_exact(&mut body) {
        Ok(()) => Ok(Frame::Body(body)),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(Frame::End),
        Err(e) => Err(e),
    }
}

/// Turn a frame body into a message, or say what is wrong with it.
fn parse(body: &[u8]) -> Incoming {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => {
            return Incoming::Malformed {
                id: Some(None),
                error: format!("消息不是有效的 JSON：{e}"),
            };
        }
    };
    let id = value
        .get("id")
        .and_then(|id| serde_json::from_value::<RequestId>(id.clone()).ok());
    let is_request = value.get("method").is_some();
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Incoming::Message(m),
        Err(e) => Incoming::Malformed {
            // Answer requests; a broken response or notification has no one
            // to answer.
            id: id.filter(|_| is_request).map(Some),
            error: format!("不是有效的 LSP 消息：{e}"),
        },
    }
}

/// The reader and writer threads over standard input and output.
pub(crate) struct Stdio {
    pub(crate) incoming: Receiver<Incoming>,
    pub(crate) outgoing: Sender<Outgoing>,
    writer: std::thread::JoinHandle<()>,
}

impl Stdio {
    pub(crate) fn start() -> io::Result<Stdio> {
        let (in_tx, incoming) = crossbeam_channel::unbounded();
        let (outgoing, out_rx) = crossbeam_channel::unbounded::<Outgoing>();
        // Never joined: it may be blocked reading when the server exits.
        std::thread::Builder::new()
            .name("lsp-reader".to_owned())
            .spawn(move || read_loop(&mut io::stdin().lock(), &in_tx))?;
        let writer = std::thread::Builder::new()
            .name("lsp-writer".to_owned())
            .spawn(move || write_loop(&mut io::stdout().lock(), &out_rx))?;
        Ok(Stdio {
            incoming,
            outgoing,
            writer,
        })
    }

    /// Wait until everything sent has been written (the server has dropped
    /// every sender).
    pub(crate) fn finish(self) {
        drop(self.outgoing);
        let _ = self.writer.join();
    }
}

fn read_loop(input: &mut impl BufRead, to_server: &Sender<Incoming>) {
    loop {
        let item = match read_frame(input) {
            Ok(Frame::Body(body)) => parse(&body),
            Ok(Frame::BadHeader(error)) => Incoming::Malformed { id: None, error },
            Ok(Frame::End) | Err(_) => return,
        };
        let exit =
            matches!(&item, Incoming::Message(Message::Notification(n)) if n.method == "exit");
        if to_server.send(item).is_err() || exit {
            return;
        }
    }
}

fn write_loop(out: &mut impl Write, from_server: &Receiver<Outgoing>) {
    for item in from_server {
        let written = match item {
            Outgoing::Message(m) => m.write(out),
            Outgoing::NullIdError { code, message } => {
                let body = serde_json::json!({
                    "jsonrpc": "2.0",
                    "id": null,
                    "error": {"code": code, "message": message},
                })
                .to_string();
                write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())
                    .and_then(|()| out.flush())
            }
        };
        if written.is_err() {
            // The client is gone; the server notices when it next reads.
            return;
        }
    }
}

/// The response to a malformed frame, if it gets one.
pub(crate) fn malformed_response(id: Option<Option<RequestId>>, error: String) -> Option<Outgoing> {
    match id? {
        None => Some(Outgoing::NullIdError {
            code: ErrorCode::ParseError as i32,
            message: error,
        }),
        Some(id) => Some(Outgoing::Message(Message::Response(Response::new_err(
            id,
            ErrorCode::InvalidRequest as i32,
            error,
        )))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<Frame> {
        let mut r = io::BufReader::new(input.as_bytes());
        let mut out = Vec::new();
        loop {
            match read_frame(&mut r).unwrap() {
                Frame::End => return out,
                f => out.push(f),
            }
        }
    }

    #[test]
    fn frames_resynchronise_after_bad_headers() {
        let got = frames(
            "Content-Length: 2\r\n\r\n{}\
             Content-Type: x\r\n\r\n\
             Content-Length: abc\r\n\r\n\
             content-length: 4\n\n[1,]\
             Content-Length: 99999999999\r\n\r\n",
        );
        assert_eq!(
            got,
            vec![
                Frame::Body(b"{}".to_vec()),
                Frame::BadHeader("消息头中没有 Content-Length".to_owned()),
                Frame::BadHeader("无效的 Content-Length：abc".to_owned()),
                Frame::Body(b"[1,]".to_vec()),
                Frame::BadHeader("消息过大（99999999999 字节）".to_owned()),
            ]
        );
    }

    #[test]
    fn malformed_bodies_are_answered_when_they_can_be() {
        assert!(matches!(
            parse(b"{not json"),
            Incoming::Malformed { id: Some(None), .. }
        ));
        match parse(br#"{"jsonrpc":"2.0","id":7,"method":42}"#) {
            Incoming::Malformed {
                id: Some(Some(id)), ..
            } => assert_eq!(id, RequestId::from(7)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse(br#"{"jsonrpc":"2.0","method":["x"]}"#),
            Incoming::Malformed { id: None, .. }
        ));
        assert!(matches!(
            parse(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            Incoming::Message(Message::Request(_))
        ));
    }

    #[test]
    fn writer_frames_null_id_errors() {
        let (tx, rx) = crossbeam_channel::unbounded();
        tx.send(malformed_response(Some(None), "坏".to_owned()).unwrap())
            .unwrap();
        drop(tx);
        let mut out = Vec::new();
        write_loop(&mut out, &rx);
        let out = String::from_utf8(out).unwrap();
        let (head, body) = out.split_once("\r\n\r\n").unwrap();
        assert_eq!(head, format!("Content-Length: {}", body.len()));
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["id"], serde_json::Value::Null);
        assert_eq!(v["error"]["code"], -32700);
    }
}
