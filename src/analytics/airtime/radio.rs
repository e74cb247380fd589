//! LoRa radio settings, MeshCore's presets, and time on air (Semtech's formula, SX127x/SX126x datasheets).
//!
//! ```text
//! Tsym      = 2^SF / BW
//! Tpreamble = (n_preamble + 4.25) Tsym
//! symbols   = 8 + max(ceil((8 PL - 4 SF + 28 + 16 CRC - 20 IH) / (4 (SF - 2 DE))) (CR + 4), 0)
//! T         = Tpreamble + symbols Tsym
//! ```
//!
//! with PL the bytes on the air, CRC = 1 and IH = 0 (MeshCore sends an explicit header and a CRC), CR = 1..4
//! for 4/5..4/8, and DE (low data rate optimisation) = 1 when Tsym >= 16 ms, as the radio libraries switch it on.
//! The SX126x's SF5 and SF6 add two symbols the formula leaves out; no MeshCore preset uses them.

use serde::{Deserialize, Serialize};

/// Symbol time from which the radios switch on low data rate optimisation, ms.
pub const LOW_DATA_RATE_SYMBOL_MS: f64 = 16.0;

/// MeshCore's preamble, symbols (its radio set-up asks for 16, not the LoRa default of 8).
pub const MESHCORE_PREAMBLE_SYMBOLS: u16 = 16;

/// A LoRa channel and modulation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RadioSettings {
    /// Centre frequency, MHz (not used by the formula; shown with the figures).
    pub frequency_mhz: f64,
    /// Bandwidth, kHz.
    pub bandwidth_khz: f64,
    /// Spreading factor, 5-12.
    pub spreading_factor: u8,
    /// Coding rate denominator, 5-8 (4/5 to 4/8), as MeshCore writes it.
    pub coding_rate: u8,
    /// Preamble length, symbols.
    pub preamble_symbols: u16,
}

/// A named MeshCore preset.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Preset {
    /// Its name in the MeshCore apps.
    pub name: &'static str,
    /// Its settings.
    pub settings: RadioSettings,
}

const fn preset(name: &'static str, mhz: f64, khz: f64, sf: u8, cr: u8) -> Preset {
    Preset {
        name,
        settings: RadioSettings {
            frequency_mhz: mhz,
            bandwidth_khz: khz,
            spreading_factor: sf,
            coding_rate: cr,
            preamble_symbols: MESHCORE_PREAMBLE_SYMBOLS,
        },
    }
}

/// The common MeshCore presets (as the MeshCore apps list them). The first is [`RadioSettings::default`].
pub const PRESETS: [Preset; 11] = [
    preset("EU/UK (Narrow)", 869.618, 62.5, 8, 8),
    preset("EU/UK (Long Range)", 869.525, 250.0, 11, 5),
    preset("EU/UK (Medium Range)", 869.525, 250.0, 10, 5),
    preset("Czech Republic (Narrow)", 869.432, 62.5, 7, 5),
    preset("EU 433MHz (Long Range)", 433.650, 250.0, 11, 5),
    preset("Portugal 868", 869.618, 62.5, 7, 6),
    preset("Switzerland", 869.618, 62.5, 8, 8),
    preset("USA/Canada (Recommended)", 910.525, 62.5, 7, 5),
    preset("Australia", 915.800, 250.0, 10, 5),
    preset("New Zealand", 917.375, 250.0, 11, 5),
    preset("New Zealand (Narrow)", 917.375, 62.5, 7, 5),
];

impl Default for RadioSettings {
    /// EU/UK (Narrow).
    fn default() -> Self {
        PRESETS[0].settings
    }
}

impl RadioSettings {
    /// The preset called `name` (ASCII case ignored).
    pub fn preset(name: &str) -> Option<RadioSettings> {
        PRESETS
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map(|p| p.settings)
    }

    /// One symbol's time, ms: 2^SF / BW. Spreading factors outside 5-12 are clamped.
    pub fn symbol_ms(&self) -> f64 {
        let chips = f64::from(1u32 << self.spreading_factor.clamp(5, 12));
        chips / self.bandwidth_khz
    }

    /// Whether low data rate optimisation is on (a symbol of 16 ms or more).
    pub fn low_data_rate_optimisation(&self) -> bool {
        self.symbol_ms() >= LOW_DATA_RATE_SYMBOL_MS
    }

    /// The time on air of a packet of `bytes` bytes, ms (see the module doc). A bandwidth that is not positive
    /// gives infinity or NaN: the caller checks the settings.
    pub fn time_on_air_ms(&self, bytes: usize) -> f64 {
        self.airtime_ms(1, u64::from(self.payload_symbols(bytes)))
    }

    /// The symbols after the preamble of a packet of `bytes` bytes (the formula's `symbols`): a packet's time
    /// on air is [`RadioSettings::airtime_ms`] of one packet and these symbols.
    pub fn payload_symbols(&self, bytes: usize) -> u32 {
        let sf = i64::from(self.spreading_factor.clamp(5, 12));
        let cr = i64::from(self.coding_rate.clamp(5, 8)) - 4;
        let de = i64::from(self.low_data_rate_optimisation());
        let numerator = 8 * bytes as i64 - 4 * sf + 28 + 16;
        let denominator = 4 * (sf - 2 * de);
        let blocks = (numerator + denominator - 1).div_euclid(denominator).max(0);
        (8 + blocks * (cr + 4)).clamp(0, i64::from(u32::MAX)) as u32
    }

    /// The time on air of `packets` packets whose [`payload_symbols`](RadioSettings::payload_symbols) add up
    /// to `symbols`, ms: exact sums in integers, whatever order they were added in.
    pub fn airtime_ms(&self, packets: u64, symbols: u64) -> f64 {
        let tsym = self.symbol_ms();
        ((f64::from(self.preamble_symbols) + 4.25) * packets as f64 + symbols as f64) * tsym
    }

    /// The settings of a radio that reported `frequency MHz, bandwidth kHz, SF, CR` (SELF_INFO, or a
    /// community status message's `radio` field), with MeshCore's preamble; `None` unless usable.
    pub fn reported(mhz: f64, khz: f64, spreading_factor: u8, coding_rate: u8) -> Option<Self> {
        let settings = RadioSettings {
            frequency_mhz: mhz,
            bandwidth_khz: khz,
            spreading_factor,
            coding_rate,
            preamble_symbols: MESHCORE_PREAMBLE_SYMBOLS,
        };
        settings.is_valid().then_some(settings)
    }

    /// Whether the settings describe a usable channel (positive bandwidth, SF 5-12, CR 5-8).
    pub fn is_valid(&self) -> bool {
        self.bandwidth_khz > 0.0
            && self.bandwidth_khz.is_finite()
            && (5..=12).contains(&self.spreading_factor)
            && (5..=8).contains(&self.coding_rate)
    }
}

/// Why a `MHZ,KHZ,SF,CR` text is not radio settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RadioSettingsError;

impl std::fmt::Display for RadioSettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "expected MHZ,KHZ,SF,CR with SF 5-12 and CR 5-8, e.g. 869.618,62.5,8,8"
        )
    }
}

impl std::error::Error for RadioSettingsError {}

impl std::str::FromStr for RadioSettings {
    type Err = RadioSettingsError;

    /// `910.525,62.5,7,5` (as observers' status messages write it), or a preset's name.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(preset) = RadioSettings::preset(text.trim()) {
            return Ok(preset);
        }
        let fields: Vec<&str> = text.split(',').map(str::trim).collect();
        let [mhz, khz, sf, cr] = fields.as_slice() else {
            return Err(RadioSettingsError);
        };
        let number = |field: &str| field.parse::<f64>().ok().filter(|v| v.is_finite());
        let small = |field: &str| field.parse::<u8>().ok();
        match (number(mhz), number(khz), small(sf), small(cr)) {
            (Some(mhz), Some(khz), Some(sf), Some(cr)) => {
                RadioSettings::reported(mhz, khz, sf, cr).ok_or(RadioSettingsError)
            }
            _ => Err(RadioSettingsError),
        }
    }
}
