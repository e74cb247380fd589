//! App-to-radio commands a packet analyzer sends (E.2, E.3), encoded as whole serial frames.

use super::code::CommandCode;
use super::error::{Error, Result};
use super::framing::{Direction, MAX_FRAME_SIZE, encode_frame};

/// The protocol version MeshScope announces in DEVICE_QUERY (3: V3 message frames with SNR).
pub const APP_TARGET_VER: u8 = 3;
/// The app version MeshScope sends in APP_START.
pub const APP_VER: u8 = 1;
/// The app name MeshScope sends in APP_START.
pub const APP_NAME: &str = "MeshScope";
/// Bytes of APP_START before the app name: code, app version, six reserved bytes.
const APP_START_HEADER_LEN: usize = 8;
/// Bytes of SEND_TRACE_PATH before the route: code, tag, auth, flags.
const TRACE_HEADER_LEN: usize = 10;
/// The firmware's `MAX_PATH_SIZE`: at most 64 route hashes in a trace.
const MAX_TRACE_HOPS: usize = 64;

/// How far SEND_SELF_ADVERT sends the advert. The firmware floods only for an argument of exactly 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdvertScope {
    /// To direct neighbours only (argument 0).
    ZeroHop,
    /// Flooded through repeaters, in the radio's default scope (argument 1).
    Flood,
}

/// A command, ready to encode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command<'a> {
    /// `[0x16, app_target_ver]`, answered by DEVICE_INFO.
    DeviceQuery {
        /// The protocol version the app understands.
        app_target_ver: u8,
    },
    /// `[0x01, app_ver, 0 x6, app_name...]`, answered by SELF_INFO.
    AppStart {
        /// The app's version.
        app_ver: u8,
        /// The app's name, shown in the radio's debug log.
        app_name: &'a str,
    },
    /// `[0x07, 0|1]`, answered by OK.
    SendSelfAdvert(AdvertScope),
    /// `[0x24, tag u32, auth u32, flags, route...]`, answered by SENT and later TRACE_DATA.
    SendTracePath {
        /// A tag to match the reply.
        tag: u32,
        /// The auth code.
        auth_code: u32,
        /// Bits 0-1: route hash size as `1 << (flags & 3)`.
        flags: u8,
        /// The route hashes, a whole number of hashes, at most 64 of them.
        route: &'a [u8],
    },
    /// `[0x06, unix_secs u32]`, answered by OK, or ERR if the time is before the radio's clock.
    SetDeviceTime {
        /// Seconds since 1970.
        unix_secs: u32,
    },
}

impl Command<'_> {
    /// The DEVICE_QUERY and APP_START that MeshScope sends at session start.
    pub const HANDSHAKE: [Command<'static>; 2] = [
        Command::DeviceQuery {
            app_target_ver: APP_TARGET_VER,
        },
        Command::AppStart {
            app_ver: APP_VER,
            app_name: APP_NAME,
        },
    ];

    /// The command's code byte.
    pub fn code(&self) -> CommandCode {
        match self {
            Command::DeviceQuery { .. } => CommandCode::DeviceQuery,
            Command::AppStart { .. } => CommandCode::AppStart,
            Command::SendSelfAdvert(_) => CommandCode::SendSelfAdvert,
            Command::SendTracePath { .. } => CommandCode::SendTracePath,
            Command::SetDeviceTime { .. } => CommandCode::SetDeviceTime,
        }
    }

    /// Appends the whole serial frame (`<`, length, body) to `out`.
    ///
    /// Fails, writing nothing, for arguments the firmware would reject or truncate: an APP_START name
    /// that makes the frame longer than 176 bytes, or a trace route that is empty, not a whole number
    /// of hashes, longer than 64 hashes or than the frame allows.
    pub fn emit(&self, out: &mut Vec<u8>) -> Result<()> {
        let mut body = [0u8; MAX_FRAME_SIZE];
        let len = self.emit_body(&mut body)?;
        encode_frame(Direction::ToRadio, body.get(..len).unwrap_or_default(), out)
    }

    /// Writes the frame body into `body` and returns its length.
    fn emit_body(&self, body: &mut [u8; MAX_FRAME_SIZE]) -> Result<usize> {
        body[0] = self.code().into();
        let tail = |body: &mut [u8; MAX_FRAME_SIZE], at: usize, bytes: &[u8], field| {
            let end = at + bytes.len();
            let slot = body.get_mut(at..end).ok_or(Error::BadArgument { field })?;
            slot.copy_from_slice(bytes);
            Ok(end)
        };
        match *self {
            Command::DeviceQuery { app_target_ver } => {
                body[1] = app_target_ver;
                Ok(2)
            }
            Command::AppStart { app_ver, app_name } => {
                body[1] = app_ver;
                body[2..APP_START_HEADER_LEN].fill(0);
                tail(body, APP_START_HEADER_LEN, app_name.as_bytes(), "app_name")
            }
            Command::SendSelfAdvert(scope) => {
                body[1] = match scope {
                    AdvertScope::ZeroHop => 0,
                    AdvertScope::Flood => 1,
                };
                Ok(2)
            }
            Command::SendTracePath {
                tag,
                auth_code,
                flags,
                route,
            } => {
                let hash_size = 1 << (flags & 3);
                if route.is_empty()
                    || route.len() % hash_size != 0
                    || route.len() / hash_size > MAX_TRACE_HOPS
                {
                    return Err(Error::BadArgument { field: "route" });
                }
                body[1..5].copy_from_slice(&tag.to_le_bytes());
                body[5..9].copy_from_slice(&auth_code.to_le_bytes());
                body[9] = flags;
                tail(body, TRACE_HEADER_LEN, route, "route")
            }
            Command::SetDeviceTime { unix_secs } => {
                body[1..5].copy_from_slice(&unix_secs.to_le_bytes());
                Ok(5)
            }
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    fn wire(command: Command<'_>) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        command.emit(&mut out).map(|()| out)
    }

    #[test]
    fn device_query_as_meshcore_js_sends_it() {
        assert_eq!(
            wire(Command::HANDSHAKE[0]),
            Ok(vec![0x3C, 0x02, 0x00, 0x16, 0x03])
        );
    }

    #[test]
    fn app_start() {
        let mut expected = vec![0x3C, 17, 0, 0x01, 0x01, 0, 0, 0, 0, 0, 0];
        expected.extend_from_slice(b"MeshScope");
        assert_eq!(wire(Command::HANDSHAKE[1]), Ok(expected));
        let long = "x".repeat(MAX_FRAME_SIZE - APP_START_HEADER_LEN + 1);
        assert_eq!(
            wire(Command::AppStart {
                app_ver: 1,
                app_name: &long
            }),
            Err(Error::BadArgument { field: "app_name" })
        );
    }

    #[test]
    fn self_advert_and_time() {
        assert_eq!(
            wire(Command::SendSelfAdvert(AdvertScope::Flood)),
            Ok(vec![0x3C, 2, 0, 0x07, 1])
        );
        assert_eq!(
            wire(Command::SendSelfAdvert(AdvertScope::ZeroHop)),
            Ok(vec![0x3C, 2, 0, 0x07, 0])
        );
        assert_eq!(
            wire(Command::SetDeviceTime {
                unix_secs: 1_704_110_400
            }),
            Ok(vec![0x3C, 5, 0, 0x06, 0x40, 0xA9, 0x92, 0x65])
        );
    }

    #[test]
    fn trace_path() {
        let command = Command::SendTracePath {
            tag: 0xB1E7FE59,
            auth_code: 2,
            flags: 0,
            route: &[0x67, 0x33, 0x67],
        };
        assert_eq!(
            wire(command),
            Ok(vec![
                0x3C, 13, 0, 0x24, 0x59, 0xFE, 0xE7, 0xB1, 2, 0, 0, 0, 0, 0x67, 0x33, 0x67
            ])
        );
        let bad = |flags, route: &[u8]| {
            wire(Command::SendTracePath {
                tag: 0,
                auth_code: 0,
                flags,
                route,
            })
        };
        assert_eq!(
            bad(1, &[1, 2, 3]),
            Err(Error::BadArgument { field: "route" })
        );
        assert_eq!(bad(0, &[]), Err(Error::BadArgument { field: "route" }));
        assert_eq!(bad(0, &[0; 65]), Err(Error::BadArgument { field: "route" }));
        assert_eq!(
            bad(1, &[0; 130]),
            Err(Error::BadArgument { field: "route" })
        );
        assert_eq!(
            bad(2, &[0; 168]),
            Err(Error::BadArgument { field: "route" })
        );
        assert_eq!(bad(2, &[0; 164]).map(|out| out.len()), Ok(177));
    }
}
