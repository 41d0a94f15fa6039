//! A part of a spec a check never reads — a rule's summary, docs and
//! examples — left on the tape of a replayed pack ([`super::tape`]) until
//! `explain`, `rules`, SARIF or an editor's hover shows it.
//!
//! Decoding them was a tenth of loading 500 rules from the cache: four
//! allocations a rule, for text a check never shows. From YAML or from a
//! built-in pack's tree the value is read at once, as any other.

use super::tape::{self, Kept};
use serde::de::{self, Deserialize, DeserializeOwned, Deserializer, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

/// The newtype name a [`Deferred`] asks a deserializer for: the replay
/// skips the value and answers with where it is on the tape; any other
/// deserializer presents the value.
pub(crate) const DEFERRED: &str = "__reportlint_deferred";

/// A value read now, or left on a replayed tape.
pub enum Deferred<T> {
    Ready(T),
    /// The tape and where the value's events begin on it: the replay
    /// passed over them, by the length the recording wrote before them.
    Taped(Arc<Kept>, usize),
}

impl<T: DeserializeOwned + Clone + Default> Deferred<T> {
    /// Whether the value was read at once (not left on a tape).
    pub fn is_ready(&self) -> bool {
        matches!(self, Deferred::Ready(_))
    }

    /// The value, decoded from the tape if it was left there — checked as
    /// every replay is. Its cache entry was written by this build and its
    /// checksum matched: should the value still not decode (an entry
    /// crafted to fool the checksum), it is empty, never a panic.
    pub fn value(&self) -> Cow<'_, T> {
        match self {
            Deferred::Ready(value) => Cow::Borrowed(value),
            Deferred::Taped(kept, at) => Cow::Owned(tape::replay_at(kept, *at).unwrap_or_default()),
        }
    }
}

/// As the value's own: a replayed spec prints as the parsed one does.
impl<T: DeserializeOwned + Clone + Default + fmt::Debug> fmt::Debug for Deferred<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value().fmt(f)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Deferred<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for Visit<T> {
            type Value = Deferred<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value")
            }

            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Self::Value, D::Error> {
                T::deserialize(d).map(Deferred::Ready)
            }

            /// The replay's answer: where the value is on the tape it is
            /// replaying.
            fn visit_u64<E: de::Error>(self, at: u64) -> Result<Self::Value, E> {
                let at = usize::try_from(at).map_err(E::custom)?;
                tape::replaying()
                    .map(|kept| Deferred::Taped(kept, at))
                    .ok_or_else(|| E::custom("a deferred value outside a replay"))
            }
        }

        deserializer.deserialize_newtype_struct(DEFERRED, Visit(PhantomData))
    }
}
