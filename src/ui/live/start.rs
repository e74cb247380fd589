//! Starting live sources: from the Sources page's forms, the radio button, or the page's query string.

use leptos::prelude::Set;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use super::{LiveSources, Source};
use crate::ingest::live::mqtt::DEFAULT_FILTER;
use crate::ingest::live::{MqttOptions, MqttSource, SerialSource, WebSocketSource};

/// A feed the user asked for. Saved with the settings without its password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FeedRequest {
    /// A plain WebSocket feed at `url`.
    WebSocket {
        /// `ws://` or `wss://`.
        url: String,
    },
    /// An MQTT broker's WebSocket listener at `url`, subscribed to `filter`.
    Mqtt {
        /// `ws://` or `wss://`.
        url: String,
        /// A topic filter, e.g. `meshcore/+/+/packets`.
        filter: String,
        /// Login, if the broker wants one.
        username: Option<String>,
        /// Password, with the username; never saved.
        #[serde(skip)]
        password: Option<String>,
    },
}

/// Starts the feed `request` and keeps it in `live`; a request that cannot work is reported in
/// `live.error` and returned.
pub fn start_feed(live: LiveSources, request: FeedRequest) -> Result<(), String> {
    let saved = request.clone();
    let started = match request {
        FeedRequest::WebSocket { url } => {
            WebSocketSource::connect(&url).map(|source| (url, Source::WebSocket(source)))
        }
        FeedRequest::Mqtt {
            url,
            filter,
            username,
            password,
        } => {
            let filter = if filter.trim().is_empty() {
                DEFAULT_FILTER.to_owned()
            } else {
                filter.trim().to_owned()
            };
            let mut options = MqttOptions::new(&filter, MqttSource::random_client_id());
            options.username = username.filter(|name| !name.is_empty());
            options.password = password.filter(|word| !word.is_empty());
            MqttSource::connect(&url, options)
                .map(|source| (format!("{url} · {filter}"), Source::Mqtt(source)))
        }
    };
    match started {
        Ok((label, source)) => {
            live.add(label, source, Some(saved));
            Ok(())
        }
        Err(error) => {
            let message = format!("Cannot connect: {error}.");
            live.error.set(Some(message.clone()));
            Err(message)
        }
    }
}

/// Asks the user for a serial port and connects the radio on it. Call it from a click handler (the
/// browser's port chooser needs the gesture).
pub fn start_radio(live: LiveSources) {
    let request = SerialSource::request_port();
    spawn_local(async move {
        let connected = request
            .await
            .and_then(SerialSource::connect)
            .map(|source| live.add(String::from("USB radio"), Source::Serial(source), None));
        if let Err(error) = connected {
            live.error
                .set(Some(format!("Radio not connected: {error}.")));
        }
    });
}

/// Starts the feeds named in the page's query string: `?ws=URL` for a WebSocket feed, `?mqtt=URL` with
/// an optional `&topic=FILTER` for a broker (passwords never go in a URL).
pub fn connect_from_query(live: LiveSources) {
    let Some(search) = web_sys::window().and_then(|window| window.location().search().ok()) else {
        return;
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return;
    };
    if let Some(url) = params.get("ws") {
        let _ = start_feed(live, FeedRequest::WebSocket { url });
    }
    if let Some(url) = params.get("mqtt") {
        let request = FeedRequest::Mqtt {
            url,
            filter: params.get("topic").unwrap_or_default(),
            username: params.get("user"),
            password: None,
        };
        let _ = start_feed(live, request);
    }
}
