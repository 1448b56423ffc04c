//! A rule's condition: data, not code, so that a rubric can be stored, edited, exported and
//! checked exhaustively.
//!
//! A condition tests counts over the coding (how many dimensions are strong, at least weak, or
//! weak but not strong), named dimensions, and whether any action was contradictory; `All` and
//! `Any` combine them. In a rubric file a condition is a table whose keys all have to hold:
//!
//! ```toml
//! strong = { min = 1, max = 3 }          # strong in 1 to 3 dimensions
//! at_least_weak = 4                      # a bare number means exactly that many
//! weak_only = { min = 3 }                # weak (and not strong) in at least 3
//! strong_in = ["prevent", "counter"]     # these dimensions must be strong
//! at_least_weak_in = ["disrupt"]         # these must have at least weak action
//! contradictory = true                   # left out: either way
//! any = [ { strong = 0 }, { contradictory = true } ]
//! all = [ { strong = 2 }, { any = [ … ] } ]
//! ```

use std::fmt;

use serde::de::{self, MapAccess, Unexpected, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Coding, Dimension, Strength};

/// How many dimensions, both ends inclusive; `max: None` means no upper limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CountRange {
    pub min: u32,
    pub max: Option<u32>,
}

impl CountRange {
    pub const fn exactly(n: u32) -> CountRange {
        CountRange {
            min: n,
            max: Some(n),
        }
    }

    pub const fn at_least(n: u32) -> CountRange {
        CountRange { min: n, max: None }
    }

    pub const fn at_most(n: u32) -> CountRange {
        CountRange {
            min: 0,
            max: Some(n),
        }
    }

    pub const fn between(min: u32, max: u32) -> CountRange {
        CountRange {
            min,
            max: Some(max),
        }
    }

    pub fn contains(self, n: u32) -> bool {
        self.min <= n && self.max.is_none_or(|m| n <= m)
    }
}

impl fmt::Display for CountRange {
    /// `exactly 2`, `1 to 3`, `at least 3`, `at most 2`, `any number of`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (min, Some(max)) if min == max => write!(f, "exactly {min}"),
            (0, None) => f.write_str("any number of"),
            (min, None) => write!(f, "at least {min}"),
            (0, Some(max)) => write!(f, "at most {max}"),
            (min, Some(max)) => write!(f, "{min} to {max}"),
        }
    }
}

impl Serialize for CountRange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.max == Some(self.min) {
            return s.serialize_u32(self.min);
        }
        let len = usize::from(self.min != 0) + usize::from(self.max.is_some());
        let mut map = s.serialize_map(Some(len))?;
        if self.min != 0 {
            map.serialize_entry("min", &self.min)?;
        }
        if let Some(max) = self.max {
            map.serialize_entry("max", &max)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for CountRange {
    /// A bare number (exactly that many) or a table `{ min = 1, max = 3 }` (either end optional).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CountRange, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CountRange;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of dimensions, or a table such as { min = 1, max = 3 }")
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<CountRange, E> {
                u32::try_from(v)
                    .map(CountRange::exactly)
                    .map_err(|_| E::invalid_value(Unexpected::Unsigned(v), &self))
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<CountRange, E> {
                u32::try_from(v)
                    .map(CountRange::exactly)
                    .map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CountRange, A::Error> {
                let (mut min, mut max) = (None, None);
                while let Some(key) = map.next_key::<String>()? {
                    let slot = match key.as_str() {
                        "min" => &mut min,
                        "max" => &mut max,
                        other => return Err(de::Error::unknown_field(other, &["min", "max"])),
                    };
                    if slot.is_some() {
                        return Err(de::Error::custom(format_args!("`{key}` is given twice")));
                    }
                    *slot = Some(map.next_value::<u32>()?);
                }
                Ok(CountRange {
                    min: min.unwrap_or(0),
                    max,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// When a rule fires.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Condition {
    /// The number of dimensions coded strong.
    Strong(CountRange),
    /// The number of dimensions with weak or strong action.
    AtLeastWeak(CountRange),
    /// The number of dimensions whose strongest action is weak.
    WeakOnly(CountRange),
    /// Every named dimension (by key) is strong.
    StrongIn(Vec<String>),
    /// Every named dimension (by key) has at least weak action.
    AtLeastWeakIn(Vec<String>),
    /// Whether any action contradicts the commitment.
    Contradictory(bool),
    /// Every part holds; `All(vec![])` always holds (and `validate` rejects it in a rubric).
    All(Vec<Condition>),
    /// Some part holds; `Any(vec![])` never holds.
    Any(Vec<Condition>),
}

impl Condition {
    /// Whether the condition holds for `coding` under a rubric with `dimensions`. A dimension
    /// key the rubric does not have never holds (`Rubric::validate` reports it).
    pub fn holds(&self, coding: &Coding, dimensions: &[Dimension]) -> bool {
        let compiled = Compiled::new(self, dimensions);
        compiled.holds(coding, &Tally::of(coding, dimensions.len()))
    }

    /// The form the condition takes after a trip through a rubric file, with the same meaning:
    /// parts in the file's key order, an `All` of one part replaced by that part, nested `All`s
    /// merged where their keys do not clash. Normalising twice changes nothing.
    pub fn normalized(&self) -> Condition {
        match self {
            Condition::Any(parts) => {
                Condition::Any(parts.iter().map(Condition::normalized).collect())
            }
            Condition::All(parts) => {
                let mut flat = Vec::with_capacity(parts.len());
                for p in parts {
                    match p.normalized() {
                        Condition::All(inner) => flat.extend(inner),
                        other => flat.push(other),
                    }
                }
                if flat.len() == 1 {
                    return flat.pop().unwrap_or(Condition::All(Vec::new()));
                }
                // Parts that each take a key of their own are written as one table, which
                // reads back in key order; clashing parts are written as a list, in order.
                let mut ranks: Vec<u8> = flat.iter().map(Condition::table_key_rank).collect();
                ranks.sort_unstable();
                if ranks.windows(2).all(|w| w[0] != w[1]) {
                    flat.sort_by_key(Condition::table_key_rank);
                }
                Condition::All(flat)
            }
            leaf => leaf.clone(),
        }
    }

    /// Where the condition's key comes in a rubric file's table (`ConditionTable`'s field order).
    fn table_key_rank(&self) -> u8 {
        match self {
            Condition::Strong(_) => 0,
            Condition::AtLeastWeak(_) => 1,
            Condition::WeakOnly(_) => 2,
            Condition::StrongIn(_) => 3,
            Condition::AtLeastWeakIn(_) => 4,
            Condition::Contradictory(_) => 5,
            Condition::All(_) => 6,
            Condition::Any(_) => 7,
        }
    }

    /// The top-level parts that all have to hold: the parts of an `All`, else the condition itself.
    pub fn conjuncts(&self) -> &[Condition] {
        match self {
            Condition::All(parts) => parts,
            other => std::slice::from_ref(other),
        }
    }

    /// Every dimension key the condition names, nested ones included.
    pub fn named_dimensions(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.visit(&mut |c| {
            if let Condition::StrongIn(keys) | Condition::AtLeastWeakIn(keys) = c {
                out.extend(keys.iter().map(String::as_str));
            }
        });
        out
    }

    /// Calls `f` on this condition and every nested one.
    pub fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Condition)) {
        f(self);
        if let Condition::All(parts) | Condition::Any(parts) = self {
            for p in parts {
                p.visit(f);
            }
        }
    }
}

impl fmt::Display for Condition {
    /// Readable English: "strong in 1 to 3 dimensions and no contradictory action".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dims = |r: &CountRange| {
            // Singular when the last number read is 1: "exactly 1", "at most 1", "at least 1".
            if r.max == Some(1) || (r.max.is_none() && r.min == 1) {
                "dimension"
            } else {
                "dimensions"
            }
        };
        match self {
            Condition::Strong(r) if *r == CountRange::exactly(0) => f.write_str("no strong action"),
            Condition::Strong(r) => write!(f, "strong in {r} {}", dims(r)),
            Condition::AtLeastWeak(r) if *r == CountRange::exactly(0) => {
                f.write_str("no action in any dimension")
            }
            Condition::AtLeastWeak(r) => write!(f, "at least weak in {r} {}", dims(r)),
            Condition::WeakOnly(r) => write!(f, "only weak in {r} {}", dims(r)),
            Condition::StrongIn(keys) => write!(f, "strong in {}", keys.join(" and ")),
            Condition::AtLeastWeakIn(keys) => write!(f, "at least weak in {}", keys.join(" and ")),
            Condition::Contradictory(true) => f.write_str("contradictory action"),
            Condition::Contradictory(false) => f.write_str("no contradictory action"),
            Condition::All(parts) if parts.is_empty() => f.write_str("always"),
            Condition::Any(parts) if parts.is_empty() => f.write_str("never"),
            Condition::All(parts) | Condition::Any(parts) => {
                let joiner = if matches!(self, Condition::All(_)) {
                    " and "
                } else {
                    " or "
                };
                for (i, p) in parts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(joiner)?;
                    }
                    if matches!(p, Condition::All(q) | Condition::Any(q) if q.len() > 1) {
                        write!(f, "({p})")?;
                    } else {
                        write!(f, "{p}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// The counts a coding is tested on, over the rubric's dimensions only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tally {
    pub strong: u32,
    pub at_least_weak: u32,
    pub weak_only: u32,
}

impl Tally {
    pub fn of(coding: &Coding, dimensions: usize) -> Tally {
        let mut t = Tally {
            strong: 0,
            at_least_weak: 0,
            weak_only: 0,
        };
        for s in coding.strengths.iter().take(dimensions) {
            match s {
                Strength::Strong => {
                    t.strong += 1;
                    t.at_least_weak += 1;
                }
                Strength::Weak => {
                    t.weak_only += 1;
                    t.at_least_weak += 1;
                }
                Strength::None => {}
            }
        }
        t
    }
}

/// A condition with its dimension keys resolved to positions, so the checker can test 100 000
/// codings without looking names up each time. `None` marks a key the rubric lacks.
#[derive(Debug, Clone)]
pub(crate) enum Compiled {
    Strong(CountRange),
    AtLeastWeak(CountRange),
    WeakOnly(CountRange),
    StrongIn(Option<Vec<usize>>),
    AtLeastWeakIn(Option<Vec<usize>>),
    Contradictory(bool),
    All(Vec<Compiled>),
    Any(Vec<Compiled>),
}

impl Compiled {
    pub fn new(c: &Condition, dimensions: &[Dimension]) -> Compiled {
        let resolve = |keys: &[String]| -> Option<Vec<usize>> {
            keys.iter()
                .map(|k| dimensions.iter().position(|d| d.key == *k))
                .collect()
        };
        match c {
            Condition::Strong(r) => Compiled::Strong(*r),
            Condition::AtLeastWeak(r) => Compiled::AtLeastWeak(*r),
            Condition::WeakOnly(r) => Compiled::WeakOnly(*r),
            Condition::StrongIn(keys) => Compiled::StrongIn(resolve(keys)),
            Condition::AtLeastWeakIn(keys) => Compiled::AtLeastWeakIn(resolve(keys)),
            Condition::Contradictory(b) => Compiled::Contradictory(*b),
            Condition::All(parts) => {
                Compiled::All(parts.iter().map(|p| Compiled::new(p, dimensions)).collect())
            }
            Condition::Any(parts) => {
                Compiled::Any(parts.iter().map(|p| Compiled::new(p, dimensions)).collect())
            }
        }
    }

    pub fn holds(&self, coding: &Coding, t: &Tally) -> bool {
        match self {
            Compiled::Strong(r) => r.contains(t.strong),
            Compiled::AtLeastWeak(r) => r.contains(t.at_least_weak),
            Compiled::WeakOnly(r) => r.contains(t.weak_only),
            Compiled::StrongIn(None) | Compiled::AtLeastWeakIn(None) => false,
            Compiled::StrongIn(Some(ix)) => {
                ix.iter().all(|&i| coding.strength(i) == Strength::Strong)
            }
            Compiled::AtLeastWeakIn(Some(ix)) => {
                ix.iter().all(|&i| coding.strength(i) >= Strength::Weak)
            }
            Compiled::Contradictory(b) => coding.contradictory == *b,
            Compiled::All(parts) => parts.iter().all(|p| p.holds(coding, t)),
            Compiled::Any(parts) => parts.iter().any(|p| p.holds(coding, t)),
        }
    }
}

/// A condition as written in a rubric file: every key present has to hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConditionTable {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strong: Option<CountRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least_weak: Option<CountRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weak_only: Option<CountRange>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strong_in: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least_weak_in: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contradictory: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all: Option<Vec<ConditionTable>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub any: Option<Vec<ConditionTable>>,
}

impl From<ConditionTable> for Condition {
    fn from(t: ConditionTable) -> Condition {
        let mut parts = Vec::new();
        parts.extend(t.strong.map(Condition::Strong));
        parts.extend(t.at_least_weak.map(Condition::AtLeastWeak));
        parts.extend(t.weak_only.map(Condition::WeakOnly));
        parts.extend(t.strong_in.map(Condition::StrongIn));
        parts.extend(t.at_least_weak_in.map(Condition::AtLeastWeakIn));
        parts.extend(t.contradictory.map(Condition::Contradictory));
        if let Some(all) = t.all {
            // An explicit `all` list inside a table that already means "all of" adds nothing.
            parts.extend(all.into_iter().map(Condition::from));
        }
        if let Some(any) = t.any {
            parts.push(Condition::Any(
                any.into_iter().map(Condition::from).collect(),
            ));
        }
        Condition::All(parts).normalized()
    }
}

impl From<&Condition> for ConditionTable {
    /// The table of `c`'s normal form, so that reading it back gives `c.normalized()`.
    fn from(c: &Condition) -> ConditionTable {
        ConditionTable::of_normal(&c.normalized())
    }
}

impl ConditionTable {
    fn of_normal(c: &Condition) -> ConditionTable {
        let mut t = ConditionTable::default();
        match c {
            Condition::All(parts) => {
                // One table when every part has a key of its own; otherwise an explicit list.
                for p in parts {
                    if !t.merge(ConditionTable::of_normal(p)) {
                        return ConditionTable {
                            all: Some(parts.iter().map(ConditionTable::of_normal).collect()),
                            ..ConditionTable::default()
                        };
                    }
                }
            }
            Condition::Any(parts) => {
                t.any = Some(parts.iter().map(ConditionTable::of_normal).collect())
            }
            Condition::Strong(r) => t.strong = Some(*r),
            Condition::AtLeastWeak(r) => t.at_least_weak = Some(*r),
            Condition::WeakOnly(r) => t.weak_only = Some(*r),
            Condition::StrongIn(k) => t.strong_in = Some(k.clone()),
            Condition::AtLeastWeakIn(k) => t.at_least_weak_in = Some(k.clone()),
            Condition::Contradictory(b) => t.contradictory = Some(*b),
        }
        t
    }

    /// Adds `other`'s keys; `false` (and `self` partly changed) when a key is taken.
    fn merge(&mut self, other: ConditionTable) -> bool {
        fn put<T>(slot: &mut Option<T>, v: Option<T>) -> bool {
            match (slot.is_some(), v) {
                (_, None) => true,
                (true, Some(_)) => false,
                (false, v) => {
                    *slot = v;
                    true
                }
            }
        }
        put(&mut self.strong, other.strong)
            && put(&mut self.at_least_weak, other.at_least_weak)
            && put(&mut self.weak_only, other.weak_only)
            && put(&mut self.strong_in, other.strong_in)
            && put(&mut self.at_least_weak_in, other.at_least_weak_in)
            && put(&mut self.contradictory, other.contradictory)
            && put(&mut self.all, other.all)
            && put(&mut self.any, other.any)
    }
}

impl Serialize for Condition {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ConditionTable::from(self).serialize(s)
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Condition, D::Error> {
        ConditionTable::deserialize(d).map(Condition::from)
    }
}
