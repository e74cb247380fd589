//! The Sources page: where packets come from (files, a USB radio, WebSocket and MQTT feeds) and what the
//! store holds.

mod engine_panel;
mod live_panel;
mod store_panel;
mod upload;

use leptos::prelude::*;

use engine_panel::EnginePanel;
use live_panel::LivePanel;
use store_panel::StorePanel;
use upload::FileUpload;

/// The Sources page.
#[component]
pub fn SourcesPage() -> impl IntoView {
    view! {
        <h1>"Sources"</h1>
        <div class="sources">
            <FileUpload />
            <LivePanel />
            <StorePanel />
            <EnginePanel />
        </div>
    }
}
