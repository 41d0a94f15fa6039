//! The built-in packs as parsed when the crate was built: `build.rs` reads
//! each YAML file with serde-saphyr into a tree of nodes with their
//! locations, and embeds the tree as static data. Loading a built-in pack
//! deserializes its specs from that tree — the same `Deserialize` impls as
//! for YAML, fed the values and locations serde-saphyr produced, at a
//! fraction of the cost of scanning YAML.
//!
//! Should a tree not deserialize (a built-in pack edited into a schema
//! error, which YAML syntax checking at build time does not catch), the
//! loader parses the file's YAML instead, which reports the error at its
//! line and column exactly as for any pack.

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A YAML node and where it is written.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) value: Value,
    pub(crate) at: Place,
}

/// A node's value, as serde-saphyr presented it to a self-describing visitor.
#[derive(Debug)]
#[allow(dead_code, reason = "the built-in packs may have no value of a kind")]
pub(crate) enum Value {
    Null,
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(&'static str),
    Seq(&'static [Node]),
    Map(&'static [(&'static str, Node)]),
}

/// A `serde_saphyr::Location` in its parts: 1-based line and column, and
/// character and byte offset and length (`u32::MAX`: unknown).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Place {
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) chars: (u32, u32),
    pub(crate) bytes: (u32, u32),
}

/// Deserialize a `T` from the tree of a built-in pack file.
pub(crate) fn deserialize<T: de::DeserializeOwned>(root: &'static Node) -> Result<T, Mismatch> {
    T::deserialize(NodeDeserializer(root))
}

/// The tree does not have the shape the schema asks for.
#[derive(Debug)]
pub(crate) struct Mismatch(String);

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Mismatch {}

impl de::Error for Mismatch {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Mismatch(msg.to_string())
    }
}

/// The name serde-saphyr's `Spanned<T>` asks a deserializer for, and the
/// first key of the map it expects back (see `serde_saphyr::Spanned`).
pub(super) const SPANNED: &str = "__yaml_spanned";
const SPANNED_MARKER: &str = "__serde_saphyr_private_spanned";

struct NodeDeserializer(&'static Node);

impl<'de> de::Deserializer<'de> for NodeDeserializer {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self.0.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::I64(n) => visitor.visit_i64(n),
            Value::U64(n) => visitor.visit_u64(n),
            Value::F64(n) => visitor.visit_f64(n),
            Value::Str(s) => visitor.visit_borrowed_str(s),
            Value::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Value::Map(entries) => visitor.visit_map(Fields::new(
                entries
                    .iter()
                    .map(|(key, node)| (*key, NodeDeserializer(node))),
            )),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self.0.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        if name == SPANNED {
            visitor.visit_newtype_struct(SpannedNode(self.0))
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        match self.0.value {
            Value::Str(s) => visitor.visit_enum(s.into_deserializer()),
            Value::Map([(variant, value)]) => visitor.visit_enum(Variant { variant, value }),
            _ => Err(de::Error::custom("expected an enum variant")),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

/// The items of a sequence.
struct Items(std::slice::Iter<'static, Node>);

impl<'de> SeqAccess<'de> for Items {
    type Error = Mismatch;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Mismatch> {
        self.0
            .next()
            .map(|node| seed.deserialize(NodeDeserializer(node)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The entries of a mapping (or of a struct serde-saphyr's types are read
/// from): keys, and what each value deserializes from.
struct Fields<I, D> {
    fields: I,
    value: Option<D>,
}

impl<I, D> Fields<I, D> {
    fn new(fields: I) -> Self {
        Fields {
            fields,
            value: None,
        }
    }
}

impl<'de, I, D> MapAccess<'de> for Fields<I, D>
where
    I: ExactSizeIterator<Item = (&'static str, D)>,
    D: de::Deserializer<'de, Error = Mismatch>,
{
    type Error = Mismatch;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Mismatch> {
        let Some((key, value)) = self.fields.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Mismatch> {
        let value = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value without its key"))?;
        seed.deserialize(value)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.fields.len())
    }
}

/// An enum written as a one-entry mapping, `{ variant: value }`.
struct Variant {
    variant: &'static str,
    value: &'static Node,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Mismatch;
    type Variant = NodeDeserializer;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, NodeDeserializer), Mismatch> {
        let variant = seed.deserialize(de::value::BorrowedStrDeserializer::new(self.variant))?;
        Ok((variant, NodeDeserializer(self.value)))
    }
}

impl<'de> de::VariantAccess<'de> for NodeDeserializer {
    type Error = Mismatch;

    fn unit_variant(self) -> Result<(), Mismatch> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Mismatch> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Mismatch> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}

/// A node as serde-saphyr hands it to a `Spanned<T>`: a map of its parts.
struct SpannedNode(&'static Node);

impl<'de> de::Deserializer<'de> for SpannedNode {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_map(SpannedFields {
            node: self.0,
            next: 0,
        })
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// The map serde-saphyr hands a `Spanned<T>`: a marker, the value, and
/// where it is referenced and defined (the same place: built-in packs have
/// no aliases, which `build.rs` checks).
struct SpannedFields {
    node: &'static Node,
    next: usize,
}

/// The fields of the map serde-saphyr presents a `Spanned<T>` as, in their order.
pub(super) const SPANNED_FIELDS: [&str; 4] = [SPANNED_MARKER, "value", "referenced", "defined"];

impl<'de> MapAccess<'de> for SpannedFields {
    type Error = Mismatch;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Mismatch> {
        SPANNED_FIELDS
            .get(self.next)
            .map(|key| seed.deserialize(de::value::BorrowedStrDeserializer::new(key)))
            .transpose()
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Mismatch> {
        self.next += 1;
        match self.next {
            1 => seed.deserialize(true.into_deserializer()),
            2 => seed.deserialize(NodeDeserializer(self.node)),
            _ => seed.deserialize(PlaceValue::Location(self.node.at)),
        }
    }
}

/// A `serde_saphyr::Location`, its `Span`, or one of their numbers, to
/// deserialize (a `Location` has no constructor but its `Deserialize`).
#[derive(Clone, Copy)]
enum PlaceValue {
    Location(Place),
    Span(Place),
    Number(u32),
    Pair(u32, u32),
}

impl<'de> de::Deserializer<'de> for PlaceValue {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        use PlaceValue::{Number, Pair, Span};
        match self {
            PlaceValue::Location(at) => visitor.visit_map(Fields::new(
                [
                    ("line", Number(at.line)),
                    ("column", Number(at.column)),
                    ("span", Span(at)),
                    ("source_id", Number(0)),
                ]
                .into_iter(),
            )),
            Span(at) => visitor.visit_map(Fields::new(
                [
                    ("offset", Number(at.chars.0)),
                    ("len", Number(at.chars.1)),
                    ("byte_info", Pair(at.bytes.0, at.bytes.1)),
                ]
                .into_iter(),
            )),
            Number(n) => visitor.visit_u64(u64::from(n)),
            Pair(a, b) => visitor.visit_seq(de::value::SeqDeserializer::new(
                [u64::from(a), u64::from(b)].into_iter(),
            )),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Manifest, PackFile, Reading, RuleFile, embedded, is_manifest, parse_file};
    use super::*;

    /// Every built-in pack file deserializes from its tree exactly as from
    /// its YAML: the same values, the same locations.
    #[test]
    fn trees_deserialize_as_their_yaml() {
        fn both<T: de::DeserializeOwned + fmt::Debug>(text: &str, root: &'static Node) {
            let from_tree: T = deserialize(root).unwrap();
            let from_yaml: T = serde_saphyr::from_str(text).unwrap();
            assert_eq!(format!("{from_tree:#?}"), format!("{from_yaml:#?}"));
        }
        assert!(embedded::FILES.len() > 3);
        for &(path, text, root) in embedded::FILES {
            if is_manifest(path) {
                both::<Manifest>(text, root);
            } else {
                both::<RuleFile>(text, root);
            }
        }
    }

    /// A tree that does not fit the schema is not trusted: the file's YAML
    /// is parsed, and its error reported at its place.
    #[test]
    fn a_tree_that_does_not_fit_is_parsed_from_yaml() {
        const AT: Place = Place {
            line: 1,
            column: 8,
            chars: (7, 3),
            bytes: (7, 3),
        };
        static ROOT: Node = Node {
            value: Value::Map(&[(
                "rules",
                Node {
                    value: Value::I64(-12),
                    at: AT,
                },
            )]),
            at: AT,
        };
        let file = PackFile {
            name: "rules/x/a.yaml".to_owned(),
            text: "rules: [1, 2]\n".into(),
        };
        let err = parse_file::<RuleFile>(&file, Reading::Tree(&ROOT), true).unwrap_err();
        let yaml = serde_saphyr::from_str::<RuleFile>(&file.text).unwrap_err();
        assert_eq!(
            err.to_string(),
            crate::pack::PackError::yaml(&yaml, &file).to_string()
        );
        assert!(err.to_string().contains("rules/x/a.yaml:1:"), "{err}");
    }
}
