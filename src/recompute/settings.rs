//! [`AnalyticsSettings`]: what the user chose for analytics that take options, read by the recomputer at
//! each compute.

use std::cell::Cell;
use std::rc::Rc;

use crate::analytics::AirtimeOptions;

/// The options analytics are computed with. Clones share one set; a change is seen by the next compute,
/// which runs as soon as its schedule checks, whatever its minimum gap.
#[derive(Clone, Default)]
pub struct AnalyticsSettings {
    airtime: Rc<Cell<AirtimeOptions>>,
    airtime_chosen: Rc<Cell<bool>>,
    version: Rc<Cell<u64>>,
}

impl AnalyticsSettings {
    /// The airtime options.
    pub fn airtime(&self) -> AirtimeOptions {
        self.airtime.get()
    }

    /// Sets the airtime options as the user chose them: a connected radio no longer overrides them.
    pub fn choose_airtime(&self, options: AirtimeOptions) {
        self.airtime_chosen.set(true);
        self.set_airtime(options);
    }

    /// Sets the airtime options from a connected radio's own settings, unless the user chose some.
    /// Returns whether they were applied.
    pub fn offer_airtime(&self, options: AirtimeOptions) -> bool {
        if self.airtime_chosen.get() {
            return false;
        }
        self.set_airtime(options);
        true
    }

    /// Changes with every change of any option: schedules compare it to recompute.
    pub fn version(&self) -> u64 {
        self.version.get()
    }

    fn set_airtime(&self, options: AirtimeOptions) {
        if self.airtime.get() != options {
            self.airtime.set(options);
            self.version.set(self.version.get() + 1);
        }
    }
}
