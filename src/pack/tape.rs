//! A recording of one deserialization, and its replay: what the YAML
//! deserializer told the schema's `Deserialize` impls, call by call, so that
//! a later run can deserialize the same specs without parsing YAML
//! (the cache of validated user packs, [`super::cache`]).
//!
//! [`record`] wraps serde-saphyr's deserializer: every `deserialize_*` call
//! the impls make and every visitor call it answers with (the scalar values,
//! where sequences and maps begin and end, enum variants) is appended to a
//! tape of bytes. [`replay`] answers the same calls from the tape. The impls
//! are deterministic, so given the same answers they ask the same questions
//! and build the same value. Nothing about YAML or about the schema is
//! written here: the tape is exact by construction.
//!
//! But for one thing: the places of a `Spanned<T>` — a pack's every id,
//! pattern and example. serde-saphyr presents one as a map of fixed fields,
//! its two locations as maps of numbers: some eighty calls, which made most
//! of a tape and of its replay. The recording checks the fields are the
//! fixed ones and keeps the value only; the replay presents the value
//! without places (`Location::UNKNOWN`), as serde-saphyr presents a value
//! it has none for. Places only point errors at the YAML, and a pack is
//! replayed only once it has been validated (see [`SpannedReplay`]). The
//! tests check the replay gives what the YAML gives, places aside.
//!
//! And for another: the parts of a spec a check never reads, kept in a
//! [`super::Deferred`], are written with the length of their events, and a
//! replay passes over them, to decode them only when they are shown.
//!
//! Strings are written once, in a table at the head of the tape, and
//! referred to by number; the table's text is checked for UTF-8 at once
//! (with SIMD: the standard library's check cost a tenth of a replay).
//!
//! A replay checks every byte it reads — each call must be the one recorded,
//! every length must fit, every string must be UTF-8, the tape must end
//! where the value does — and fails with [`Mismatch`] on anything else, so a
//! tape that is damaged or recorded by another schema is rejected, never
//! trusted. A deferred value's events are checked the same way when it is
//! decoded, and must end where its length says; one that does not decode
//! shows as empty (its cache entry passed the checksum, so only an entry
//! crafted to pass it gets there).

use super::deferred::DEFERRED;
use super::tree::{Mismatch, SPANNED as SPANNED_NAME, SPANNED_FIELDS};
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

/// A tape being recorded: the events, and the strings they refer to.
#[derive(Default)]
pub(crate) struct Tape {
    events: Vec<u8>,
    /// The strings, each once, by number.
    strings: HashMap<Box<str>, usize, BuildHasherDefault<Fnv>>,
}

/// FNV-1a: the keys are short strings of our own files, and SipHash would
/// cost a fifth of the recording.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Tape {
    /// The tape's bytes: the number of strings, their lengths and then
    /// their bytes (in the order of their numbers: one text, checked for
    /// UTF-8 at once), then the events.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        let mut strings: Vec<(Box<str>, usize)> = self.strings.into_iter().collect();
        strings.sort_unstable_by_key(|&(_, n)| n);
        let mut out = Vec::with_capacity(self.events.len() + 16 * strings.len());
        put_len(&mut out, strings.len());
        for (s, _) in &strings {
            put_len(&mut out, s.len());
        }
        for (s, _) in &strings {
            out.extend_from_slice(s.as_bytes());
        }
        out.extend_from_slice(&self.events);
        out
    }

    /// A string event: its tag and the string's number.
    fn put_str(&mut self, tag: u8, s: &str) {
        let next = self.strings.len();
        let n = match self.strings.get(s) {
            Some(&n) => n,
            None => *self.strings.entry(s.into()).or_insert(next),
        };
        self.events.push(tag);
        put_len(&mut self.events, n);
    }
}

/// Deserialize a `T` through `inner`, recording the deserialization on `tape`.
pub(crate) fn record<'de, T, D>(inner: D, tape: &RefCell<Tape>) -> Result<T, D::Error>
where
    T: de::Deserialize<'de>,
    D: Deserializer<'de>,
{
    T::deserialize(Recorder { inner, tape })
}

/// A tape being replayed or replayed already: its strings and events,
/// kept for the values it deferred ([`super::deferred`]).
pub struct Kept {
    /// The strings' text, checked for UTF-8.
    text: Box<str>,
    /// Each string's bytes in `text`, by number (at character boundaries).
    strings: Vec<std::ops::Range<usize>>,
    events: Box<[u8]>,
}

thread_local! {
    /// The tape this thread is replaying, for the values it defers.
    static REPLAYING: RefCell<Option<Arc<Kept>>> = const { RefCell::new(None) };
}

/// The tape this thread is replaying (`None`: none).
pub(super) fn replaying() -> Option<Arc<Kept>> {
    REPLAYING.with(|k| k.borrow().clone())
}

/// Deserialize a `T` from a tape [`record`] wrote.
pub(crate) fn replay<T: de::DeserializeOwned>(tape: &[u8]) -> Result<T, Mismatch> {
    let reader = Reader::new(tape);
    let count = reader.len()?;
    // Each length takes at least a byte: a larger count is damage.
    if count > tape.len() {
        return Err(de::Error::custom("too many strings"));
    }
    let lens = (0..count)
        .map(|_| reader.len())
        .collect::<Result<Vec<_>, _>>()?;
    let total = lens
        .iter()
        .try_fold(0usize, |total, &len| total.checked_add(len))
        .ok_or_else(|| de::Error::custom("strings too long"))?;
    let text = simdutf8::basic::from_utf8(reader.take(total)?)
        .map_err(|_| de::Error::custom("strings not in UTF-8"))?;
    let mut start = 0;
    let strings = lens
        .iter()
        .map(|&len| {
            let range = start..start + len;
            start += len;
            text.get(range.clone()).map(|_| range)
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| de::Error::custom("a string cut within a character"))?;
    let kept = Arc::new(Kept {
        text: text.into(),
        strings,
        events: reader.take(reader.remaining())?.into(),
    });
    /// Puts back what the thread replayed before, however the replay ends.
    struct Restore(Option<Arc<Kept>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            REPLAYING.with(|k| *k.borrow_mut() = self.0.take());
        }
    }
    let _restore = Restore(REPLAYING.with(|k| k.replace(Some(kept.clone()))));
    let reader = Reader::new(&kept.events);
    let value = T::deserialize(Replay::of(&kept, &reader))?;
    if !reader.at_end() {
        return Err(de::Error::custom("the tape goes on after the value"));
    }
    Ok(value)
}

/// Deserialize a `T` whose events begin at `at` on a replayed tape (a
/// value it deferred).
pub(super) fn replay_at<T: de::DeserializeOwned>(kept: &Kept, at: usize) -> Result<T, Mismatch> {
    let reader = Reader::new(&kept.events);
    // The value's events, after the length the recording wrote before
    // them: the value must end where they do.
    let len = reader
        .take(at)?
        .last_chunk::<4>()
        .ok_or_else(|| de::Error::custom("a deferred value without its length"))?;
    let end = usize::try_from(u32::from_le_bytes(*len))
        .ok()
        .and_then(|len| at.checked_add(len))
        .ok_or_else(|| de::Error::custom("a deferred value longer than memory"))?;
    let value = T::deserialize(Replay::of(kept, &reader))?;
    if reader.at.get() != end {
        return Err(de::Error::custom(
            "a deferred value not as long as recorded",
        ));
    }
    Ok(value)
}

// Events on the tape: a byte, then its payload. Calls (`deserialize_*`)
// are numbered from 0 in the order of the `calls!` list below (but 22,
// written out: a `Spanned<T>` makes it).
const BOOL: u8 = 64;
const I8: u8 = 65;
const I16: u8 = 66;
const I32: u8 = 67;
const I64: u8 = 68;
const I128: u8 = 69;
const U8: u8 = 70;
const U16: u8 = 71;
const U32: u8 = 72;
const U64: u8 = 73;
const U128: u8 = 74;
const F32: u8 = 75;
const F64: u8 = 76;
const CHAR: u8 = 77;
const STR: u8 = 78;
const BORROWED_STR: u8 = 79;
const STRING: u8 = 80;
const BYTES: u8 = 81;
const BORROWED_BYTES: u8 = 82;
const BYTE_BUF: u8 = 83;
const NONE: u8 = 84;
const SOME: u8 = 85;
const UNIT: u8 = 86;
const NEWTYPE_STRUCT: u8 = 87;
/// A sequence, then the number of its elements.
const SEQ: u8 = 88;
const MAP: u8 = 89;
const ENUM: u8 = 90;
/// Before each element of a sequence and each key of a map.
const ITEM: u8 = 91;
/// Where a sequence or a map ends (its accessor returned `None`).
const END: u8 = 92;
/// Before each value of a map.
const VALUE: u8 = 93;
const UNIT_VARIANT: u8 = 94;
const NEWTYPE_VARIANT: u8 = 95;
const TUPLE_VARIANT: u8 = 96;
const STRUCT_VARIANT: u8 = 97;
/// In place of the map serde-saphyr presents a `Spanned<T>` as: the
/// value's events (not its locations, see [`SpannedReplay`]).
const SPANNED: u8 = 98;
/// In place of the newtype a [`super::Deferred`] is presented as: the
/// length of the value's events (four bytes, little-endian), then the
/// events.
const DEFERRED_VALUE: u8 = 99;
/// The call `deserialize_newtype_struct`, written out below the others.
const DESERIALIZE_NEWTYPE_STRUCT: u8 = 22;
/// The calls an enum's variant and a `Spanned<T>`'s value are made with
/// (numbered in the `calls!` list).
const DESERIALIZE_IDENTIFIER: u8 = 29;
const DESERIALIZE_IGNORED_ANY: u8 = 30;

// ---------------------------------------------------------------- writing

fn put(tape: &RefCell<Tape>, tag: u8, payload: &[u8]) {
    let events = &mut tape.borrow_mut().events;
    events.push(tag);
    events.extend_from_slice(payload);
}

/// A tag followed by a length-prefixed byte string.
fn put_bytes(tape: &RefCell<Tape>, tag: u8, bytes: &[u8]) {
    let events = &mut tape.borrow_mut().events;
    events.push(tag);
    put_len(events, bytes.len());
    events.extend_from_slice(bytes);
}

/// A length, 7 bits a byte, least significant first (LEB128).
pub(crate) fn put_len(out: &mut Vec<u8>, len: usize) {
    put_number(out, len as u64);
}

/// A number as [`put_len`] writes a length.
fn put_number(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A placeholder for [`ITEM`] or [`END`], known only once the accessor
/// has answered (after the item's own events are on the tape).
fn reserve(tape: &RefCell<Tape>) -> usize {
    let events = &mut tape.borrow_mut().events;
    events.push(END);
    events.len() - 1
}

fn settle(tape: &RefCell<Tape>, at: usize, item: bool) {
    tape.borrow_mut().events[at] = if item { ITEM } else { END };
}

struct Recorder<'t, D> {
    inner: D,
    tape: &'t RefCell<Tape>,
}

struct Recording<'t, V> {
    inner: V,
    tape: &'t RefCell<Tape>,
}

struct RecordSeed<'t, S> {
    inner: S,
    tape: &'t RefCell<Tape>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for RecordSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        self.inner.deserialize(Recorder {
            inner,
            tape: self.tape,
        })
    }
}

/// The `deserialize_*` methods, each with its number on the tape: the
/// recorder notes the call and passes it on, the replay checks it.
macro_rules! calls {
    ($mac:ident) => {
        $mac! {
            0 deserialize_any();
            1 deserialize_bool();
            2 deserialize_i8();
            3 deserialize_i16();
            4 deserialize_i32();
            5 deserialize_i64();
            6 deserialize_i128();
            7 deserialize_u8();
            8 deserialize_u16();
            9 deserialize_u32();
            10 deserialize_u64();
            11 deserialize_u128();
            12 deserialize_f32();
            13 deserialize_f64();
            14 deserialize_char();
            15 deserialize_str();
            16 deserialize_string();
            17 deserialize_bytes();
            18 deserialize_byte_buf();
            19 deserialize_option();
            20 deserialize_unit();
            21 deserialize_unit_struct(name: &'static str);
            23 deserialize_seq();
            24 deserialize_tuple(len: usize);
            25 deserialize_tuple_struct(name: &'static str, len: usize);
            26 deserialize_map();
            27 deserialize_struct(name: &'static str, fields: &'static [&'static str]);
            28 deserialize_enum(name: &'static str, variants: &'static [&'static str]);
            29 deserialize_identifier();
            30 deserialize_ignored_any();
        }
    };
}

macro_rules! record_calls {
    ($($tag:literal $method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
                put(self.tape, $tag, &[]);
                self.inner.$method($($arg,)* Recording { inner: visitor, tape: self.tape })
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Recorder<'_, D> {
    type Error = D::Error;

    calls!(record_calls);

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        put(self.tape, DESERIALIZE_NEWTYPE_STRUCT, &[]);
        let tape = self.tape;
        if name == DEFERRED {
            let visitor = DeferredRecording {
                inner: visitor,
                tape,
            };
            return self.inner.deserialize_newtype_struct(name, visitor);
        }
        if name == SPANNED_NAME {
            let visitor = SpannedRecording {
                inner: visitor,
                tape,
            };
            return self.inner.deserialize_newtype_struct(name, visitor);
        }
        self.inner.deserialize_newtype_struct(
            name,
            Recording {
                inner: visitor,
                tape,
            },
        )
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// Visitor methods that receive a number or a character: noted with its
/// bytes, then passed on.
macro_rules! record_scalars {
    ($($method:ident($ty:ty) = $tag:ident, $bytes:expr;)*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                put(self.tape, $tag, &$bytes(v));
                self.inner.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Recording<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    record_scalars! {
        visit_bool(bool) = BOOL, |v: bool| [u8::from(v)];
        visit_i8(i8) = I8, i8::to_le_bytes;
        visit_i16(i16) = I16, i16::to_le_bytes;
        visit_i32(i32) = I32, i32::to_le_bytes;
        visit_i64(i64) = I64, i64::to_le_bytes;
        visit_i128(i128) = I128, i128::to_le_bytes;
        visit_u8(u8) = U8, u8::to_le_bytes;
        visit_u16(u16) = U16, u16::to_le_bytes;
        visit_u32(u32) = U32, u32::to_le_bytes;
        visit_u64(u64) = U64, u64::to_le_bytes;
        visit_u128(u128) = U128, u128::to_le_bytes;
        visit_f32(f32) = F32, f32::to_le_bytes;
        visit_f64(f64) = F64, f64::to_le_bytes;
        visit_char(char) = CHAR, |c: char| u32::from(c).to_le_bytes();
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.tape.borrow_mut().put_str(STR, v);
        self.inner.visit_str(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.tape.borrow_mut().put_str(BORROWED_STR, v);
        self.inner.visit_borrowed_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.tape.borrow_mut().put_str(STRING, &v);
        self.inner.visit_string(v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        put_bytes(self.tape, BYTES, v);
        self.inner.visit_bytes(v)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
        put_bytes(self.tape, BORROWED_BYTES, v);
        self.inner.visit_borrowed_bytes(v)
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
        put_bytes(self.tape, BYTE_BUF, &v);
        self.inner.visit_byte_buf(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        put(self.tape, NONE, &[]);
        self.inner.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        put(self.tape, SOME, &[]);
        let tape = self.tape;
        self.inner.visit_some(Recorder { inner, tape })
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        put(self.tape, UNIT, &[]);
        self.inner.visit_unit()
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        put(self.tape, NEWTYPE_STRUCT, &[]);
        let tape = self.tape;
        self.inner.visit_newtype_struct(Recorder { inner, tape })
    }

    /// A sequence: [`SEQ`] and, once the visitor is done, the number of
    /// elements it took (so that a replay can size what it collects them in).
    fn visit_seq<A: SeqAccess<'de>>(self, inner: A) -> Result<V::Value, A::Error> {
        put(self.tape, SEQ, &[]);
        let at = self.tape.borrow().events.len();
        let items = Cell::new(0);
        let tape = self.tape;
        let value = self.inner.visit_seq(SeqRecorder {
            inner,
            tape,
            items: &items,
        })?;
        let mut count = Vec::new();
        put_len(&mut count, items.get());
        tape.borrow_mut().events.splice(at..at, count);
        Ok(value)
    }

    fn visit_map<A: MapAccess<'de>>(self, inner: A) -> Result<V::Value, A::Error> {
        put(self.tape, MAP, &[]);
        let tape = self.tape;
        self.inner.visit_map(Recorder { inner, tape })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, inner: A) -> Result<V::Value, A::Error> {
        put(self.tape, ENUM, &[]);
        let tape = self.tape;
        self.inner.visit_enum(Recorder { inner, tape })
    }
}

/// A sequence being recorded, and how many elements it has given so far.
struct SeqRecorder<'t, 'n, A> {
    inner: A,
    tape: &'t RefCell<Tape>,
    items: &'n Cell<usize>,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for SeqRecorder<'_, '_, A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        let at = reserve(self.tape);
        let tape = self.tape;
        let element = self
            .inner
            .next_element_seed(RecordSeed { inner: seed, tape })?;
        settle(self.tape, at, element.is_some());
        if element.is_some() {
            self.items.set(self.items.get() + 1);
        }
        Ok(element)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Recorder<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let at = reserve(self.tape);
        let tape = self.tape;
        let key = self.inner.next_key_seed(RecordSeed { inner: seed, tape })?;
        settle(self.tape, at, key.is_some());
        Ok(key)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        put(self.tape, VALUE, &[]);
        let tape = self.tape;
        self.inner.next_value_seed(RecordSeed { inner: seed, tape })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, 't, A: EnumAccess<'de>> EnumAccess<'de> for Recorder<'t, A> {
    type Error = A::Error;
    type Variant = Recorder<'t, A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let tape = self.tape;
        let (variant, inner) = self.inner.variant_seed(RecordSeed { inner: seed, tape })?;
        Ok((variant, Recorder { inner, tape }))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Recorder<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        put(self.tape, UNIT_VARIANT, &[]);
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        put(self.tape, NEWTYPE_VARIANT, &[]);
        let tape = self.tape;
        self.inner
            .newtype_variant_seed(RecordSeed { inner: seed, tape })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        put(self.tape, TUPLE_VARIANT, &[]);
        let tape = self.tape;
        self.inner.tuple_variant(
            len,
            Recording {
                inner: visitor,
                tape,
            },
        )
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        put(self.tape, STRUCT_VARIANT, &[]);
        let tape = self.tape;
        self.inner.struct_variant(
            fields,
            Recording {
                inner: visitor,
                tape,
            },
        )
    }
}

/// A [`super::Deferred`] being recorded, its visitor: [`DEFERRED_VALUE`]
/// and, once the value is recorded, the length of its events, so that a
/// replay can pass over them (and decode them only when asked).
struct DeferredRecording<'t, V> {
    inner: V,
    tape: &'t RefCell<Tape>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for DeferredRecording<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        // The length is written in place once known: four bytes, set aside.
        put(self.tape, DEFERRED_VALUE, &[0; 4]);
        let at = self.tape.borrow().events.len();
        let tape = self.tape;
        let value = self.inner.visit_newtype_struct(Recorder { inner, tape })?;
        let events = &mut tape.borrow_mut().events;
        let len = u32::try_from(events.len() - at)
            .map_err(|_| de::Error::custom("a value too long to defer"))?;
        events[at - 4..at].copy_from_slice(&len.to_le_bytes());
        Ok(value)
    }
}

// ---------------------------------------------------------------- spanned

/// A `Spanned<T>` being recorded, its visitor: serde-saphyr presents it
/// as a newtype, and that as a map of the fields [`SPANNED_FIELDS`], with
/// the marker's value `true`. The fields are checked, not recorded; the
/// value is, its two locations not (see [`SpannedReplay`]).
struct SpannedRecording<'t, V> {
    inner: V,
    tape: &'t RefCell<Tape>,
}

/// A `Spanned<T>` being recorded: the deserializer of its newtype, then
/// the access to its map, `next` its field.
struct SpannedRecorder<'t, D> {
    inner: D,
    tape: &'t RefCell<Tape>,
    next: usize,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for SpannedRecording<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        put(self.tape, SPANNED, &[]);
        let tape = self.tape;
        self.inner
            .visit_newtype_struct(SpannedRecorder::new(inner, tape))
    }

    fn visit_map<A: MapAccess<'de>>(self, inner: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(SpannedRecorder::new(inner, self.tape))
    }
}

impl<'t, D> SpannedRecorder<'t, D> {
    fn new(inner: D, tape: &'t RefCell<Tape>) -> Self {
        SpannedRecorder {
            inner,
            tape,
            next: 0,
        }
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for SpannedRecorder<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        let tape = self.tape;
        self.inner.deserialize_any(SpannedRecording {
            inner: visitor,
            tape,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for SpannedRecorder<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let expected = SPANNED_FIELDS.get(self.next).copied();
        let key = self.inner.next_key_seed(Field { seed, expected })?;
        if key.is_none() && expected.is_some() {
            return Err(de::Error::custom("a Spanned without all its fields"));
        }
        Ok(key)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.next += 1;
        match self.next {
            2 => {
                let tape = self.tape;
                self.inner.next_value_seed(RecordSeed { inner: seed, tape })
            }
            // The marker and the locations.
            _ => self.inner.next_value_seed(seed),
        }
    }
}

/// A field of a `Spanned<T>`'s map, checked to be `expected` (`None`: no
/// field at all) and passed on.
struct Field<S> {
    seed: S,
    expected: Option<&'static str>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Field<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        struct Is(&'static str);

        impl Visitor<'_> for Is {
            type Value = bool;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "the field {}", self.0)
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
                Ok(v == self.0)
            }
        }

        match self.expected {
            Some(key) if inner.deserialize_str(Is(key))? => {
                self.seed.deserialize(key.into_deserializer())
            }
            _ => Err(de::Error::custom("a Spanned with a field out of place")),
        }
    }
}

/// A `Spanned<T>` replayed: its newtype's deserializer, which presents the
/// value plainly — as serde-saphyr presents a value without its locations
/// — so that the `Spanned<T>` takes `Location::UNKNOWN` for both. A pack
/// is replayed only once validated, and its places serve only errors,
/// which a validated pack has none of: reading them cost more than all
/// else a replay does.
///
/// `Spanned<T>` asks for the value as it is (`deserialize_any`), and makes
/// a `T` of what it gets through serde's own value deserializers: a
/// scalar or a sequence is answered as recorded, an enum (a rule's
/// `check`) as the map of one entry YAML writes it as, its variant the key
/// and its newtype variant's value the value. The value's own call, which
/// `T` made when recorded and does not make here, is skipped.
struct SpannedReplay<'r, 't>(Replay<'r, 't>);

impl<'de> Deserializer<'de> for SpannedReplay<'_, 'de> {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        let r = self.0.r;
        if r.byte()? > DESERIALIZE_IGNORED_ANY {
            return Err(de::Error::custom("a Spanned's value without its call"));
        }
        if r.peek()? == ENUM {
            r.byte()?;
            return visitor.visit_map(VariantEntry {
                replay: self.0,
                variant: None,
            });
        }
        self.0.visit(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// An enum replayed as the map of one entry YAML writes it as: the
/// variant's name (`variant`, once read), then its newtype variant's value.
struct VariantEntry<'r, 't> {
    replay: Replay<'r, 't>,
    variant: Option<&'t str>,
}

impl<'t> MapAccess<'t> for VariantEntry<'_, 't> {
    type Error = Mismatch;

    fn next_key_seed<K: DeserializeSeed<'t>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Mismatch> {
        if self.variant.is_some() {
            return Err(de::Error::custom("an enum asked for a second variant"));
        }
        // The variant's identifier: the call its `Deserialize` made, then
        // the string it was answered with.
        let r = self.replay.r;
        let variant = match (r.byte()?, r.byte()?) {
            (DESERIALIZE_IDENTIFIER, STR | BORROWED_STR | STRING) => self.replay.str()?,
            _ => return Err(de::Error::custom("an enum's variant not a name")),
        };
        self.variant = Some(variant);
        seed.deserialize(variant.into_deserializer()).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'t>>(&mut self, seed: S) -> Result<S::Value, Mismatch> {
        self.replay.r.expect(NEWTYPE_VARIANT)?;
        seed.deserialize(self.replay)
    }
}

// ---------------------------------------------------------------- reading

/// Bytes and how far they have been read: a tape, or a cache entry
/// ([`super::cache`]). Every read is checked.
pub(crate) struct Reader<'t> {
    bytes: &'t [u8],
    at: Cell<usize>,
}

impl<'t> Reader<'t> {
    pub(crate) fn new(bytes: &'t [u8]) -> Self {
        Reader {
            bytes,
            at: Cell::new(0),
        }
    }

    pub(crate) fn at_end(&self) -> bool {
        self.at.get() == self.bytes.len()
    }

    pub(crate) fn take(&self, n: usize) -> Result<&'t [u8], Mismatch> {
        let at = self.at.get();
        let end = at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(too_soon)?;
        self.at.set(end);
        Ok(&self.bytes[at..end])
    }

    /// How many bytes are not yet read.
    fn remaining(&self) -> usize {
        self.bytes.len() - self.at.get()
    }

    fn peek(&self) -> Result<u8, Mismatch> {
        self.bytes.get(self.at.get()).copied().ok_or_else(too_soon)
    }

    pub(crate) fn byte(&self) -> Result<u8, Mismatch> {
        let at = self.at.get();
        let &byte = self.bytes.get(at).ok_or_else(too_soon)?;
        self.at.set(at + 1);
        Ok(byte)
    }

    fn array<const N: usize>(&self) -> Result<[u8; N], Mismatch> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn expect(&self, tag: u8) -> Result<(), Mismatch> {
        let found = self.byte()?;
        if found == tag {
            Ok(())
        } else {
            Err(de::Error::custom(format_args!(
                "the tape has {found} where {tag} was recorded"
            )))
        }
    }

    pub(crate) fn len(&self) -> Result<usize, Mismatch> {
        usize::try_from(self.number()?).map_err(|_| de::Error::custom("a length too large"))
    }

    /// A number [`put_len`] wrote.
    fn number(&self) -> Result<u64, Mismatch> {
        let at = self.at.get();
        let rest = self.bytes.get(at..).unwrap_or_default();
        let mut n: u64 = 0;
        for (i, &byte) in rest.iter().take(10).enumerate() {
            n |= u64::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                self.at.set(at + i + 1);
                return Ok(n);
            }
        }
        Err(de::Error::custom("a number cut short or too long"))
    }

    pub(crate) fn bytes(&self) -> Result<&'t [u8], Mismatch> {
        let len = self.len()?;
        self.take(len)
    }

    pub(crate) fn str(&self) -> Result<&'t str, Mismatch> {
        simdutf8::basic::from_utf8(self.bytes()?)
            .map_err(|_| de::Error::custom("a string not in UTF-8"))
    }

    /// `ITEM` (true) or `END` (false).
    fn item(&self) -> Result<bool, Mismatch> {
        match self.byte()? {
            ITEM => Ok(true),
            END => Ok(false),
            other => Err(de::Error::custom(format_args!(
                "the tape has {other} where an item or an end was recorded"
            ))),
        }
    }
}

fn too_soon() -> Mismatch {
    de::Error::custom("the tape ends too soon")
}

#[derive(Clone, Copy)]
struct Replay<'r, 't> {
    r: &'r Reader<'t>,
    /// The tape's strings' text.
    text: &'t str,
    /// Each string's bytes in `text`, by number.
    strings: &'t [std::ops::Range<usize>],
}

impl<'r, 't> Replay<'r, 't> {
    /// A replay of `kept`'s events as `r` reads them.
    fn of(kept: &'t Kept, r: &'r Reader<'t>) -> Self {
        Replay {
            r,
            text: &kept.text,
            strings: &kept.strings,
        }
    }

    /// The string whose number is next on the tape.
    fn str(self) -> Result<&'t str, Mismatch> {
        let n = self.r.len()?;
        self.strings
            .get(n)
            .and_then(|range| self.text.get(range.clone()))
            .ok_or_else(|| de::Error::custom("no such string"))
    }

    /// The next element of a sequence or key of a map, if there is one.
    fn next_item<S: DeserializeSeed<'t>>(self, seed: S) -> Result<Option<S::Value>, Mismatch> {
        if self.r.item()? {
            seed.deserialize(self).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Answer `visitor` as the recorded visitor call did.
    fn visit<V: Visitor<'t>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        let r = self.r;
        match r.byte()? {
            BOOL => match r.byte()? {
                0 => visitor.visit_bool(false),
                1 => visitor.visit_bool(true),
                _ => Err(de::Error::custom("a bool neither 0 nor 1")),
            },
            I8 => visitor.visit_i8(i8::from_le_bytes(r.array()?)),
            I16 => visitor.visit_i16(i16::from_le_bytes(r.array()?)),
            I32 => visitor.visit_i32(i32::from_le_bytes(r.array()?)),
            I64 => visitor.visit_i64(i64::from_le_bytes(r.array()?)),
            I128 => visitor.visit_i128(i128::from_le_bytes(r.array()?)),
            U8 => visitor.visit_u8(u8::from_le_bytes(r.array()?)),
            U16 => visitor.visit_u16(u16::from_le_bytes(r.array()?)),
            U32 => visitor.visit_u32(u32::from_le_bytes(r.array()?)),
            U64 => visitor.visit_u64(u64::from_le_bytes(r.array()?)),
            U128 => visitor.visit_u128(u128::from_le_bytes(r.array()?)),
            F32 => visitor.visit_f32(f32::from_le_bytes(r.array()?)),
            F64 => visitor.visit_f64(f64::from_le_bytes(r.array()?)),
            CHAR => {
                let c = char::from_u32(u32::from_le_bytes(r.array()?))
                    .ok_or_else(|| de::Error::custom("not a character"))?;
                visitor.visit_char(c)
            }
            STR => visitor.visit_str(self.str()?),
            BORROWED_STR => visitor.visit_borrowed_str(self.str()?),
            STRING => visitor.visit_string(self.str()?.to_owned()),
            BYTES => visitor.visit_bytes(r.bytes()?),
            BORROWED_BYTES => visitor.visit_borrowed_bytes(r.bytes()?),
            BYTE_BUF => visitor.visit_byte_buf(r.bytes()?.to_vec()),
            NONE => visitor.visit_none(),
            SOME => visitor.visit_some(self),
            UNIT => visitor.visit_unit(),
            NEWTYPE_STRUCT => visitor.visit_newtype_struct(self),
            SEQ => {
                let left = r.len()?;
                // Each element takes at least its `ITEM`: a larger count is damage.
                if left > r.remaining() {
                    return Err(de::Error::custom("too many elements"));
                }
                visitor.visit_seq(Items { replay: self, left })
            }
            MAP => visitor.visit_map(self),
            ENUM => visitor.visit_enum(self),
            SPANNED => visitor.visit_newtype_struct(SpannedReplay(self)),
            other => Err(de::Error::custom(format_args!(
                "the tape has {other} where a value was recorded"
            ))),
        }
    }
}

macro_rules! replay_calls {
    ($($tag:literal $method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'t>>(self, $(_: $ty,)* visitor: V) -> Result<V::Value, Mismatch> {
                self.r.expect($tag)?;
                self.visit(visitor)
            }
        )*
    };
}

impl<'t> Deserializer<'t> for Replay<'_, 't> {
    type Error = Mismatch;

    calls!(replay_calls);

    /// A [`super::Deferred`] value is passed over, its visitor told where
    /// it is.
    fn deserialize_newtype_struct<V: Visitor<'t>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        self.r.expect(DESERIALIZE_NEWTYPE_STRUCT)?;
        if name == DEFERRED {
            self.r.expect(DEFERRED_VALUE)?;
            let len = u32::from_le_bytes(self.r.array()?) as usize;
            let at = self.r.at.get();
            self.r.take(len)?;
            return visitor.visit_u64(at as u64);
        }
        self.visit(visitor)
    }
}

/// A sequence replayed: its elements, as many as were recorded — which
/// its visitor is told, to collect them without growing a vector.
struct Items<'r, 't> {
    replay: Replay<'r, 't>,
    /// The elements not yet given.
    left: usize,
}

impl<'t> SeqAccess<'t> for Items<'_, 't> {
    type Error = Mismatch;

    fn next_element_seed<S: DeserializeSeed<'t>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Mismatch> {
        let item = self.replay.r.item()?;
        match (item, self.left) {
            (true, 0) => Err(de::Error::custom("more elements than recorded")),
            (true, _) => {
                self.left -= 1;
                seed.deserialize(self.replay).map(Some)
            }
            (false, 0) => Ok(None),
            (false, _) => Err(de::Error::custom("fewer elements than recorded")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

impl<'t> MapAccess<'t> for Replay<'_, 't> {
    type Error = Mismatch;

    fn next_key_seed<K: DeserializeSeed<'t>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Mismatch> {
        self.next_item(seed)
    }

    fn next_value_seed<S: DeserializeSeed<'t>>(&mut self, seed: S) -> Result<S::Value, Mismatch> {
        self.r.expect(VALUE)?;
        seed.deserialize(*self)
    }
}

impl<'r, 't> EnumAccess<'t> for Replay<'r, 't> {
    type Error = Mismatch;
    type Variant = Replay<'r, 't>;

    fn variant_seed<S: DeserializeSeed<'t>>(self, seed: S) -> Result<(S::Value, Self), Mismatch> {
        Ok((seed.deserialize(self)?, self))
    }
}

impl<'t> VariantAccess<'t> for Replay<'_, 't> {
    type Error = Mismatch;

    fn unit_variant(self) -> Result<(), Mismatch> {
        self.r.expect(UNIT_VARIANT)
    }

    fn newtype_variant_seed<S: DeserializeSeed<'t>>(self, seed: S) -> Result<S::Value, Mismatch> {
        self.r.expect(NEWTYPE_VARIANT)?;
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'t>>(self, _len: usize, visitor: V) -> Result<V::Value, Mismatch> {
        self.r.expect(TUPLE_VARIANT)?;
        self.visit(visitor)
    }

    fn struct_variant<V: Visitor<'t>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        self.r.expect(STRUCT_VARIANT)?;
        self.visit(visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Manifest, RuleFile, embedded, is_manifest, without_places};
    use super::*;

    fn recorded<T: de::DeserializeOwned>(text: &str) -> (T, Vec<u8>) {
        let tape = RefCell::new(Tape::default());
        let value = serde_saphyr::with_deserializer_from_str_with_options(
            text,
            serde_saphyr::Options::default(),
            |d| record::<T, _>(d, &tape),
        )
        .unwrap();
        (value, tape.into_inner().into_bytes())
    }

    /// Every built-in pack file, recorded while parsed from YAML, replays
    /// into exactly what the YAML gives, but for places, which a replay
    /// leaves unknown.
    #[test]
    fn replay_gives_what_the_yaml_gave() {
        fn both<T: de::DeserializeOwned + fmt::Debug>(text: &str) {
            let (value, tape) = recorded::<T>(text);
            let from_yaml: T = serde_saphyr::from_str(text).unwrap();
            let replayed: T = replay(&tape).unwrap();
            assert_eq!(format!("{value:#?}"), format!("{from_yaml:#?}"));
            let replayed = format!("{replayed:?}");
            assert!(replayed.contains("Location"));
            assert_eq!(without_places(&replayed), replayed, "places replayed");
            assert_eq!(replayed, without_places(&format!("{from_yaml:?}")));
        }
        for &(path, text, _) in embedded::FILES {
            if is_manifest(path) {
                both::<Manifest>(text);
            } else {
                both::<RuleFile>(text);
            }
        }
    }

    /// YAML's own devices — anchors and aliases, quoted numbers, block
    /// scalars, nulls — come back as the YAML deserializer presented them.
    #[test]
    fn aliases_and_scalars_replay_exactly() {
        let text = "rules:\n  - id: p/a\n    severity: warning\n    message: &m \"2024\"\n    summary: *m\n    docs: |\n      多行\n      文档\n    check: { phrase: { literal: [&w '甲'], replace: ~ } }\n    examples: { bad: [*w], good: [] }\n";
        let (value, tape) = recorded::<RuleFile>(text);
        let replayed: RuleFile = replay(&tape).unwrap();
        assert_eq!(
            format!("{replayed:?}"),
            without_places(&format!("{value:?}"))
        );
        assert!(format!("{replayed:#?}").contains("\"2024\""));
        assert_eq!(replayed.rules[0].examples.value().bad[0].value, "甲");
    }

    /// A damaged tape — cut short, a byte changed, bytes appended, another
    /// schema's — is an error, never a panic or a different value.
    #[test]
    fn damaged_tapes_are_rejected() {
        let (_, tape) = recorded::<RuleFile>(
            embedded::FILES
                .iter()
                .find(|f| !is_manifest(f.0))
                .unwrap()
                .1,
        );
        for cut in (0..tape.len()).step_by(97) {
            assert!(replay::<RuleFile>(&tape[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = tape.clone();
        longer.push(END);
        assert!(replay::<RuleFile>(&longer).is_err());
        assert!(replay::<Manifest>(&tape).is_err());
        // Flipping any byte either fails or (in a string's bytes, say)
        // gives some value, whose deferred parts (decoded by `Debug`)
        // decode or show as empty; it never panics.
        for at in (0..tape.len()).step_by(13) {
            let mut bad = tape.clone();
            bad[at] ^= 0x5a;
            if let Ok(v) = replay::<RuleFile>(&bad) {
                let _ = format!("{v:?}");
            }
        }
    }
}
