//! [`Simulation`]: the traffic over a mesh as a stream of observations in time order, produced as it goes
//! (memory stays bounded by the transmissions in flight, whatever the length of the run).

use super::air::Heard;
use super::mesh::Mesh;
use super::options::TrafficOptions;
use super::traffic::schedule::Schedule;
use super::traffic::{Records, World};

/// A running traffic simulation.
///
/// Events (adverts, conversations) run in time order; each queues the observations it causes, all later
/// than the event itself, so an observation is handed out once no event before it remains.
#[derive(Debug)]
pub struct Simulation<'m> {
    world: World<'m>,
    schedule: Schedule,
    handed_out: Option<usize>,
}

impl<'m> Simulation<'m> {
    /// The traffic of `traffic` over `mesh`, keeping the hearings of the observers listed in `recorded`
    /// (indices into [`Mesh::observers`]). The recorded set does not change what is sent or who hears it.
    pub fn new(mesh: &'m Mesh, traffic: &TrafficOptions, recorded: &[usize]) -> Simulation<'m> {
        let mut world = World::new(mesh, traffic, recorded);
        let schedule = Schedule::new(&mut world);
        Simulation {
            world,
            schedule,
            handed_out: None,
        }
    }

    /// The next observation in true-time order, `None` at the end of the traffic. The packet it borrows is
    /// valid until the next call.
    pub fn next_heard(&mut self) -> Option<Heard<'_>> {
        if let Some(slot) = self.handed_out.take() {
            self.world.air.release(slot);
        }
        loop {
            let event = self.schedule.next_time();
            match (self.world.air.next_time(), event) {
                (Some(queued), Some(event)) if queued >= event => {
                    self.schedule.run_next(&mut self.world)
                }
                (Some(_), _) => break,
                (None, Some(_)) => self.schedule.run_next(&mut self.world),
                (None, None) => return None,
            }
        }
        let slot = self.world.air.pop()?;
        self.handed_out = Some(slot);
        self.world.air.heard(slot)
    }

    /// What was sent so far.
    pub fn records(&self) -> &Records {
        &self.world.records
    }

    /// Transmissions sent so far.
    pub fn transmissions(&self) -> u32 {
        self.world.air.transmissions()
    }
}
