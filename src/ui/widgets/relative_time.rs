//! A time as people read it: `12 s ago`, `5 min ago`, `3 h ago`, `4 d ago`, with the exact UTC time in a
//! tooltip and a machine-readable `datetime`.

use leptos::prelude::*;

use crate::recompute::Clock;
use crate::time::format_rfc3339_ms;
use crate::ui::state::StoreHandle;

/// `age_ms` (now minus then) as `just now`, `12 s ago`, `5 min ago`, `3 h ago`, `4 d ago` or `2 y ago`; a
/// negative age (a clock ahead of ours) reads `in 5 min`.
pub fn relative(age_ms: i64) -> String {
    let (ahead, age_s) = (age_ms < 0, age_ms.unsigned_abs() / 1000);
    let amount = match age_s {
        0..5 => return String::from("just now"),
        5..60 => format!("{age_s} s"),
        60..3_600 => format!("{} min", age_s / 60),
        3_600..86_400 => format!("{} h", age_s / 3_600),
        86_400..31_536_000 => format!("{} d", age_s / 86_400),
        _ => format!("{} y", age_s / 31_536_000),
    };
    if ahead {
        format!("in {amount}")
    } else {
        format!("{amount} ago")
    }
}

/// `unix_ms` as `2026-01-01 00:00:45 UTC`.
pub fn utc(unix_ms: i64) -> String {
    let text = format_rfc3339_ms(unix_ms);
    let text = text.get(..19).unwrap_or(&text);
    format!("{} UTC", text.replace('T', " "))
}

/// Now as the analytics see it (see [`Clock`]): the wall clock while a live source runs, else the last
/// observation's time, so a dump reads as of its end; the wall clock outside the app.
pub fn now_ms() -> i64 {
    let wall = || js_sys::Date::now() as i64;
    let clock = use_context::<StoredValue<Clock, LocalStorage>>().and_then(|c| c.try_get_value());
    match (clock, use_context::<StoreHandle>()) {
        (Some(clock), Some(store)) => store
            .read_untracked(|store| clock.now_ms(store))
            .filter(|now| *now > 0)
            .unwrap_or_else(wall),
        _ => wall(),
    }
}

/// A `<time>` element showing how long ago `unix_ms` was (at render), the exact time as its tooltip.
#[component]
pub fn RelativeTime(
    /// The moment, unix ms.
    unix_ms: i64,
) -> impl IntoView {
    view! {
        <time datetime=format_rfc3339_ms(unix_ms) title=utc(unix_ms)>
            {relative(now_ms() - unix_ms)}
        </time>
    }
}
