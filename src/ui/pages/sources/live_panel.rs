//! Live sources on the Sources page: forms for a WebSocket feed and an MQTT broker, the radio button, and
//! one card per running source with its state, counters and controls.

use leptos::prelude::*;

use crate::companion::AdvertScope;
use crate::ingest::live::{LiveCounters, RadioInfo, SerialSource, SourceState};
use crate::ui::live::{
    FeedRequest, LiveSources, RepublishRequest, RepublishStatus, Source, start_feed, start_radio,
};
use crate::ui::widgets::format::{bytes, count};

/// The live sources panel.
#[component]
pub fn LivePanel() -> impl IntoView {
    let live = expect_context::<LiveSources>();
    view! {
        <section class="panel">
            <h2>"Live sources"</h2>
            <RadioButton />
            <WebSocketForm />
            <MqttForm />
            {move || {
                live.error
                    .get()
                    .map(|text| view! { <p class="error" role="alert" data-testid="live-error">{text}</p> })
            }}
            <ul class="connections" data-testid="connections">
                <For each=move || live.ids() key=|id| *id let:id>
                    <ConnectionCard id />
                </For>
            </ul>
        </section>
    }
}

/// Connects a companion radio over USB, or says why this browser cannot.
#[component]
fn RadioButton() -> impl IntoView {
    let live = expect_context::<LiveSources>();
    let supported = SerialSource::is_supported();
    view! {
        <h3>"USB companion radio"</h3>
        <div class="row">
            <button data-testid="radio-connect" prop:disabled=!supported on:click=move |_| start_radio(live)>
                "Connect radio"
            </button>
            <span class="hint">
                {if supported {
                    "A MeshCore companion radio (USB serial firmware); every packet it hears is shown live."
                } else {
                    "This browser has no Web Serial: use Chrome or Edge on desktop, on https or localhost."
                }}
            </span>
        </div>
    }
}

/// A plain WebSocket feed: one packet per message.
#[component]
fn WebSocketForm() -> impl IntoView {
    let live = expect_context::<LiveSources>();
    let url = RwSignal::new(String::new());
    let connect = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = FeedRequest::WebSocket {
            url: url.get_untracked(),
        };
        if start_feed(live, request).is_ok() {
            url.set(String::new());
        }
    };
    view! {
        <h3>"WebSocket feed"</h3>
        <form class="row" on:submit=connect>
            <input
                type="url"
                placeholder="ws://host:port/path"
                aria-label="WebSocket URL"
                data-testid="ws-url"
                required
                bind:value=url
            />
            <button type="submit" data-testid="ws-connect">"Connect"</button>
        </form>
    }
}

/// An MQTT broker's WebSocket listener, as the community's observers publish to.
#[component]
fn MqttForm() -> impl IntoView {
    let live = expect_context::<LiveSources>();
    let url = RwSignal::new(String::new());
    let topic = RwSignal::new(String::from("meshcore/#"));
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let connect = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = FeedRequest::Mqtt {
            url: url.get_untracked(),
            filter: topic.get_untracked(),
            username: Some(username.get_untracked()),
            password: Some(password.get_untracked()),
        };
        if start_feed(live, request).is_ok() {
            url.set(String::new());
        }
    };
    view! {
        <h3>"MQTT broker (over WebSocket)"</h3>
        <form class="row" on:submit=connect>
            <input
                type="url"
                placeholder="wss://broker:port/mqtt"
                aria-label="Broker URL"
                data-testid="mqtt-url"
                required
                bind:value=url
            />
            <input type="text" aria-label="Topic filter" data-testid="mqtt-topic" bind:value=topic />
            <input
                type="text"
                placeholder="user (optional)"
                aria-label="User"
                data-testid="mqtt-user"
                autocomplete="username"
                bind:value=username
            />
            <input
                type="password"
                placeholder="password"
                aria-label="Password"
                data-testid="mqtt-password"
                autocomplete="current-password"
                bind:value=password
            />
            <button type="submit" data-testid="mqtt-connect">"Connect"</button>
        </form>
    }
}

/// One running source: what it is, its state, its counters, and retry/stop/remove.
#[component]
fn ConnectionCard(id: u32) -> impl IntoView {
    let live = expect_context::<LiveSources>();
    let Some(connection) = live.get(id) else {
        return ().into_any();
    };
    let state = connection.state();
    let counters = connection.counters();
    let radio = connection.radio();
    let is_radio = matches!(connection.source, Source::Serial(_));
    let on_retry = {
        let connection = connection.clone();
        move |_| connection.reconnect()
    };
    let on_stop = {
        let connection = connection.clone();
        move |_| connection.stop()
    };
    let on_advert = {
        let connection = connection.clone();
        move |_| {
            if let Source::Serial(radio) = &connection.source
                && let Err(error) = radio.send_advert(AdvertScope::Flood)
            {
                live.error.set(Some(format!("Advert not sent: {error}.")));
            }
        }
    };
    view! {
        <li class="connection" data-testid="connection" data-kind=connection.kind_name()>
            <div class="connection-head">
                <strong>{connection.kind_name()}</strong>
                <span class="mono">{connection.label.clone()}</span>
                <span
                    class="state"
                    class:live=move || state.with(SourceState::is_live)
                    data-testid="source-state"
                >
                    {move || state.get().to_string()}
                </span>
            </div>
            {radio.map(|radio| view! { <RadioDetails radio /> })}
            <CounterLine counters />
            <div class="row">
                <button data-testid="source-retry" on:click=on_retry>"Reconnect"</button>
                <button data-testid="source-stop" on:click=on_stop>"Stop"</button>
                {is_radio.then(|| view! {
                    <button data-testid="radio-advert" on:click=on_advert.clone()>"Send advert"</button>
                })}
                <button data-testid="source-remove" on:click=move |_| live.remove(id)>"Remove"</button>
            </div>
            {is_radio.then(|| view! { <RepublishForm id republishing=connection.republishing() /> })}
        </li>
    }
    .into_any()
}

/// What a source counted, in one line.
#[component]
fn CounterLine(counters: Signal<LiveCounters>) -> impl IntoView {
    view! {
        <p class="counters" data-testid="source-counters">
            {move || {
                let c = counters.get();
                format!(
                    "{} packets · {} messages · {} · {} bad · {} ignored · {} dropped · {} connections",
                    count(c.packets),
                    count(c.messages),
                    bytes(c.bytes),
                    count(c.bad),
                    count(c.ignored),
                    count(c.dropped),
                    c.connections,
                )
            }}
            <span class="visually-hidden" data-testid="source-packets">{move || counters.get().packets}</span>
        </p>
    }
}

/// What the radio said about itself: name, key, model, firmware, radio settings.
#[component]
fn RadioDetails(radio: Signal<Option<RadioInfo>>) -> impl IntoView {
    move || {
        radio.get().map(|info| {
            let settings = match (info.frequency_mhz, info.bandwidth_khz, info.spreading_factor, info.coding_rate) {
                (Some(mhz), Some(khz), Some(sf), Some(cr)) => format!("{mhz:.3} MHz · BW {khz} kHz · SF{sf} · CR 4/{cr}"),
                _ => String::from("radio settings not reported"),
            };
            let key = info
                .public_key
                .map(|key| crate::hex::encode_lower(&key[..8]))
                .unwrap_or_default();
            view! {
                <dl class="radio-info" data-testid="radio-info">
                    <dt>"Name"</dt>
                    <dd data-testid="radio-name">{info.name.unwrap_or_default()}</dd>
                    <dt>"Key"</dt>
                    <dd class="mono">{key}</dd>
                    <dt>"Model"</dt>
                    <dd>{info.model.unwrap_or_default()}</dd>
                    <dt>"Firmware"</dt>
                    <dd>{info.firmware.unwrap_or_default()} " " {info.build_date.unwrap_or_default()}</dd>
                    <dt>"Radio"</dt>
                    <dd>{settings}</dd>
                </dl>
            }
        })
    }
}

/// "Be an observer": republish what the radio hears to an MQTT broker, with an on/off switch and counters.
#[component]
fn RepublishForm(id: u32, republishing: Signal<Option<RepublishStatus>>) -> impl IntoView {
    let live = expect_context::<LiveSources>();
    let url = RwSignal::new(String::new());
    let iata = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let start = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let request = RepublishRequest {
            url: url.get_untracked(),
            iata: iata.get_untracked(),
            username: Some(username.get_untracked()),
            password: Some(password.get_untracked()),
        };
        error.set(live.start_republish(id, request).err());
    };
    view! {
        <details class="republish" open=republishing.with_untracked(Option::is_some)>
            <summary>"Be an observer: publish what this radio hears to an MQTT broker"</summary>
            {move || match republishing.get() {
                None => view! {
                    <form class="row" on:submit=start>
                        <input type="url" placeholder="wss://broker:port/mqtt" aria-label="Broker URL to publish to"
                            data-testid="republish-url" required bind:value=url />
                        <input type="text" placeholder="region (IATA), e.g. SEA" aria-label="Region code"
                            data-testid="republish-iata" required maxlength="4" bind:value=iata />
                        <input type="text" placeholder="user (optional)" aria-label="Broker user"
                            data-testid="republish-user" autocomplete="username" bind:value=username />
                        <input type="password" placeholder="password" aria-label="Broker password"
                            data-testid="republish-password" autocomplete="current-password" bind:value=password />
                        <button type="submit" data-testid="republish-start">"Start publishing"</button>
                    </form>
                    <p class="hint">
                        "Each packet goes to meshcore/REGION/RADIO-KEY/packets as the community's observers publish \
                         it, with a retained online status. Nothing is sent until you start."
                    </p>
                }
                .into_any(),
                Some(status) => view! { <RepublishLine status id /> }.into_any(),
            }}
            {move || error.get().map(|text| view! { <p class="error" role="alert" data-testid="republish-error">{text}</p> })}
        </details>
    }
}

/// A running republisher: where it publishes, its broker state, what it sent, and the off switch.
#[component]
fn RepublishLine(status: RepublishStatus, id: u32) -> impl IntoView {
    let live = expect_context::<LiveSources>();
    let RepublishStatus {
        url,
        topic,
        state,
        published,
        unsent,
    } = status;
    view! {
        <p data-testid="republish-state">
            "Publishing to " <span class="mono">{url}</span> " on " <span class="mono">{topic}</span> ": "
            <span class="state" class:live=move || state.with(SourceState::is_live)>{move || state.get().to_string()}</span>
        </p>
        <p class="counters">
            <span data-testid="republish-count">{move || count(published.get())}</span>
            " packets published · "
            <span data-testid="republish-unsent">{move || count(unsent.get())}</span>
            " heard while the broker was unreachable (not sent)"
        </p>
        <div class="row">
            <button data-testid="republish-stop" on:click=move |_| live.stop_republish(id)>"Stop publishing"</button>
        </div>
    }
}
