//! Rows of a version as the preview shows them. The row engine is [`crate::query`]; its
//! errors become [`super::WebError`]s by `From` (what the client typed wrong is a 400
//! naming it, a failed read a 500).

/// A cell as the preview shows it.
pub fn cell_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => n
            .as_f64()
            .map_or_else(|| n.to_string(), super::pages::number),
        other => other.to_string(),
    }
}
