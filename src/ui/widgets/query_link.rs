//! Links that change a page's query string (tabs, filters, sort order) and keep the rest of it, so every
//! selection is a deep link navigated with `<A href>`.

use leptos_router::params::ParamsMap;

/// `path` with `query` where each `(key, value)` of `changes` is set, or removed for `None`.
pub fn query_href(
    path: &str,
    query: &ParamsMap,
    changes: &[(&'static str, Option<String>)],
) -> String {
    let mut query = query.clone();
    for (key, value) in changes {
        match value {
            Some(value) => query.replace(*key, value.clone()),
            None => {
                query.remove(key);
            }
        }
    }
    format!("{path}{}", query.to_query_string())
}
