//! A conflict in words: each side's fields as text, and the fields that differ, so
//! that a person choosing between two versions (on screen, or from `merge`'s list)
//! sees exactly what is at stake. Generic over every kind of item: the fields come
//! from the item's own serialized form, so a field added later is shown too.

use serde_json::Value;

use super::{Conflict, Superseded};

/// One field that differs between the two sides of a conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub field: String,
    /// The value on each side ("—" where a side lacks the item or the field).
    pub ours: String,
    pub theirs: String,
}

impl Superseded {
    /// Who changed this version last, and when (if it says).
    pub fn stamp(&self) -> Option<&crate::domain::identity::Stamp> {
        use super::Versioned;
        match self {
            Superseded::Day(x) => x.meta().stamp.as_ref(),
            Superseded::Visit(x) => x.meta().stamp.as_ref(),
            Superseded::Revision(x) => x.meta().stamp.as_ref(),
            Superseded::Product(x) => x.meta().stamp.as_ref(),
            Superseded::Audit(x) => x.meta().stamp.as_ref(),
            Superseded::ClinicianPart(x) => x.meta().stamp.as_ref(),
        }
    }

    /// The version's fields by name, each with its value as short text; the merge
    /// meta (id, stamp, history) is left out: it is not what a person chooses between.
    pub fn fields(&self) -> Vec<(String, String)> {
        let value = match self {
            Superseded::Day(x) => serde_json::to_value(x),
            Superseded::Visit(x) => serde_json::to_value(x),
            Superseded::Revision(x) => serde_json::to_value(x),
            Superseded::Product(x) => serde_json::to_value(x),
            Superseded::Audit(x) => serde_json::to_value(x),
            Superseded::ClinicianPart(x) => serde_json::to_value(x),
        };
        flatten(value.unwrap_or(Value::Null))
    }
}

impl Conflict {
    /// The fields whose values differ between the two sides, by name.
    pub fn differences(&self) -> Vec<Difference> {
        let ours = self
            .ours
            .as_ref()
            .map(Superseded::fields)
            .unwrap_or_default();
        let theirs = self
            .theirs
            .as_ref()
            .map(Superseded::fields)
            .unwrap_or_default();
        let mut names: Vec<&String> = ours.iter().map(|(k, _)| k).collect();
        for (k, _) in &theirs {
            if !names.contains(&k) {
                names.push(k);
            }
        }
        let value = |side: &[(String, String)], name: &str| {
            side.iter()
                .find(|(k, _)| k == name)
                .map_or("—".to_string(), |(_, v)| v.clone())
        };
        names
            .into_iter()
            .map(|name| Difference {
                field: name.clone(),
                ours: value(&ours, name),
                theirs: value(&theirs, name),
            })
            .filter(|d| d.ours != d.theirs)
            .collect()
    }

    /// One line for a list: the item and what differs ("the journal day 2026-12-02:
    /// doses, note").
    pub fn summary_line(&self) -> String {
        let fields: Vec<String> = self.differences().into_iter().map(|d| d.field).collect();
        let what = if fields.is_empty() {
            "the versions differ".to_string()
        } else {
            fields.join(", ")
        };
        format!("{}: {what}", self.key)
    }
}

/// Top-level fields of an object (nested objects as `outer.inner`), the meta left out.
fn flatten(value: Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Value::Object(map) = value {
        for (key, value) in map {
            if key == "meta" {
                continue;
            }
            match value {
                Value::Object(inner) if !inner.is_empty() => {
                    for (k, v) in flatten(Value::Object(inner)) {
                        out.push((format!("{key}.{k}"), v));
                    }
                }
                other => out.push((key, text(&other))),
            }
        }
    }
    out
}

/// A value as short text: strings without quotes, nothing as "—".
fn text(value: &Value) -> String {
    match value {
        Value::Null => "—".to_string(),
        Value::String(s) if s.is_empty() => "—".to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "—".to_string(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join("; "),
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != "meta")
            .map(|(k, v)| format!("{k} {}", text(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}
