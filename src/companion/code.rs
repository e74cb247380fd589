//! Frame codes of the companion protocol (`meshcore-protocol.md` E.3-E.5): the first byte of every frame.
//!
//! Each enum maps to and from `u8` losslessly; values the firmware does not define become `Unknown(u8)`.

/// Declares a code enum with an `Unknown(u8)` variant and lossless `u8` conversions.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:expr,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A value this version does not know.
            Unknown(u8),
        }

        impl From<u8> for $name {
            fn from(value: u8) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl From<$name> for u8 {
            fn from(code: $name) -> u8 {
                match code {
                    $($name::$variant => $value,)*
                    $name::Unknown(other) => other,
                }
            }
        }
    };
}

code_enum! {
    /// App-to-radio command codes (`CMD_*` in the firmware's `MyMesh.cpp`).
    CommandCode {
        /// `[0x01, app_ver, reserved x6, app_name...]`, answered by SELF_INFO.
        AppStart = 1,
        /// Send a direct text message.
        SendTxtMsg = 2,
        /// Send a channel text message.
        SendChannelTxtMsg = 3,
        /// List contacts.
        GetContacts = 4,
        /// Read the radio's clock.
        GetDeviceTime = 5,
        /// `[0x06, unix_secs u32]`: set the radio's clock (only forward).
        SetDeviceTime = 6,
        /// `[0x07, scope]`: send our own advert, 1 = flood, anything else zero-hop.
        SendSelfAdvert = 7,
        /// Rename the node.
        SetAdvertName = 8,
        /// Add or update a contact.
        AddUpdateContact = 9,
        /// Fetch the next queued message.
        SyncNextMessage = 10,
        /// Set frequency, bandwidth, SF and CR.
        SetRadioParams = 11,
        /// Set TX power.
        SetRadioTxPower = 12,
        /// Forget a contact's path.
        ResetPath = 13,
        /// Set the advertised location.
        SetAdvertLatLon = 14,
        /// Remove a contact.
        RemoveContact = 15,
        /// Share a contact.
        ShareContact = 16,
        /// Export a contact.
        ExportContact = 17,
        /// Import a contact.
        ImportContact = 18,
        /// Reboot the radio.
        Reboot = 19,
        /// Battery and storage levels.
        GetBattAndStorage = 20,
        /// Set tuning parameters.
        SetTuningParams = 21,
        /// `[0x16, app_target_ver]`, answered by DEVICE_INFO.
        DeviceQuery = 22,
        /// Export the private key.
        ExportPrivateKey = 23,
        /// Import a private key.
        ImportPrivateKey = 24,
        /// Send raw data.
        SendRawData = 25,
        /// Log in to a repeater or room.
        SendLogin = 26,
        /// Ask a node for its status.
        SendStatusReq = 27,
        /// Ask whether a connection exists.
        HasConnection = 28,
        /// Log out.
        Logout = 29,
        /// Look a contact up by key.
        GetContactByKey = 30,
        /// Read a channel slot.
        GetChannel = 31,
        /// Write a channel slot.
        SetChannel = 32,
        /// Start signing.
        SignStart = 33,
        /// Feed data to sign.
        SignData = 34,
        /// Finish signing.
        SignFinish = 35,
        /// `[0x24, tag u32, auth u32, flags, route...]`: send a TRACE.
        SendTracePath = 36,
        /// Set the BLE pin.
        SetDevicePin = 37,
        /// Set other parameters.
        SetOtherParams = 38,
        /// Ask a node for telemetry.
        SendTelemetryReq = 39,
        /// Read custom variables.
        GetCustomVars = 40,
        /// Write a custom variable.
        SetCustomVar = 41,
        /// Read a contact's advert path.
        GetAdvertPath = 42,
        /// Read tuning parameters.
        GetTuningParams = 43,
        /// Send a binary request.
        SendBinaryReq = 50,
        /// Factory reset.
        FactoryReset = 51,
        /// Send a path discovery request.
        SendPathDiscoveryReq = 52,
        /// Set the flood scope key.
        SetFloodScopeKey = 54,
        /// Send control data.
        SendControlData = 55,
        /// Read statistics.
        GetStats = 56,
        /// Send an anonymous request.
        SendAnonReq = 57,
        /// Set the auto-add configuration.
        SetAutoaddConfig = 58,
        /// Read the auto-add configuration.
        GetAutoaddConfig = 59,
        /// Read the allowed repeat frequencies.
        GetAllowedRepeatFreq = 60,
        /// Set the path hash mode.
        SetPathHashMode = 61,
        /// Send channel data.
        SendChannelData = 62,
        /// Set the default flood scope.
        SetDefaultFloodScope = 63,
        /// Read the default flood scope.
        GetDefaultFloodScope = 64,
        /// Send a raw packet.
        SendRawPacket = 65,
    }
}

code_enum! {
    /// Radio-to-app reply codes (`RESP_CODE_*`), all below 0x80.
    ResponseCode {
        /// Success, optionally with a u32.
        Ok = 0,
        /// Failure, optionally with an [`ErrorCode`].
        Err = 1,
        /// First reply to GET_CONTACTS.
        ContactsStart = 2,
        /// One contact.
        Contact = 3,
        /// Last reply to GET_CONTACTS.
        EndOfContacts = 4,
        /// Reply to APP_START.
        SelfInfo = 5,
        /// A message was sent.
        Sent = 6,
        /// A direct message (app_target_ver < 3).
        ContactMsgRecv = 7,
        /// A channel message (app_target_ver < 3).
        ChannelMsgRecv = 8,
        /// The radio's clock.
        CurrTime = 9,
        /// No queued message left.
        NoMoreMessages = 10,
        /// An exported contact.
        ExportContact = 11,
        /// Battery and storage levels.
        BattAndStorage = 12,
        /// Reply to DEVICE_QUERY.
        DeviceInfo = 13,
        /// The exported private key.
        PrivateKey = 14,
        /// The feature is disabled.
        Disabled = 15,
        /// A direct message with SNR (app_target_ver >= 3).
        ContactMsgRecvV3 = 16,
        /// A channel message with SNR (app_target_ver >= 3).
        ChannelMsgRecvV3 = 17,
        /// A channel slot.
        ChannelInfo = 18,
        /// Signing started.
        SignStart = 19,
        /// A signature.
        Signature = 20,
        /// Custom variables.
        CustomVars = 21,
        /// A contact's advert path.
        AdvertPath = 22,
        /// Tuning parameters.
        TuningParams = 23,
        /// Statistics.
        Stats = 24,
        /// Auto-add configuration.
        AutoaddConfig = 25,
        /// Allowed repeat frequencies.
        AllowedRepeatFreq = 26,
        /// Channel data received.
        ChannelDataRecv = 27,
        /// The default flood scope.
        DefaultFloodScope = 28,
    }
}

code_enum! {
    /// Radio-to-app unsolicited push codes (`PUSH_CODE_*`), all 0x80 and above.
    PushCode {
        /// An advert from a known contact.
        Advert = 0x80,
        /// A contact's path changed.
        PathUpdated = 0x81,
        /// A sent message was acknowledged.
        SendConfirmed = 0x82,
        /// Messages are queued; sync them.
        MsgWaiting = 0x83,
        /// Raw data received: `snr i8x4 | rssi i8 | 0xFF | payload`.
        RawData = 0x84,
        /// Login succeeded.
        LoginSuccess = 0x85,
        /// Login failed.
        LoginFail = 0x86,
        /// A status response.
        StatusResponse = 0x87,
        /// Every received LoRa frame: `snr i8x4 | rssi i8 | raw packet`.
        LogRxData = 0x88,
        /// A finished TRACE.
        TraceData = 0x89,
        /// An advert from a new node.
        NewAdvert = 0x8A,
        /// A telemetry response.
        TelemetryResponse = 0x8B,
        /// A binary response.
        BinaryResponse = 0x8C,
        /// A path discovery response.
        PathDiscoveryResponse = 0x8D,
        /// Control data received.
        ControlData = 0x8E,
        /// A contact was deleted to make room.
        ContactDeleted = 0x8F,
        /// The contact table is full.
        ContactsFull = 0x90,
    }
}

code_enum! {
    /// The code in an ERR reply (`ERR_CODE_*`).
    ErrorCode {
        /// The command is not supported.
        UnsupportedCmd = 1,
        /// The contact or item was not found.
        NotFound = 2,
        /// A table is full.
        TableFull = 3,
        /// The radio is in the wrong state.
        BadState = 4,
        /// A file could not be read or written.
        FileIoError = 5,
        /// An argument is out of range.
        IllegalArg = 6,
    }
}

/// The first byte of a radio-to-app frame: a reply (below 0x80) or a push (0x80 and above).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RadioCode {
    /// A reply to a command.
    Response(ResponseCode),
    /// An unsolicited push.
    Push(PushCode),
}

impl From<u8> for RadioCode {
    fn from(value: u8) -> Self {
        if value & 0x80 == 0 {
            Self::Response(value.into())
        } else {
            Self::Push(value.into())
        }
    }
}

impl From<RadioCode> for u8 {
    fn from(code: RadioCode) -> u8 {
        match code {
            RadioCode::Response(code) => code.into(),
            RadioCode::Push(code) => code.into(),
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn every_byte_round_trips() {
        for value in 0..=u8::MAX {
            assert_eq!(u8::from(CommandCode::from(value)), value);
            assert_eq!(u8::from(ResponseCode::from(value)), value);
            assert_eq!(u8::from(PushCode::from(value)), value);
            assert_eq!(u8::from(ErrorCode::from(value)), value);
            assert_eq!(u8::from(RadioCode::from(value)), value);
        }
    }

    #[test]
    fn known_values() {
        assert_eq!(CommandCode::from(0x16), CommandCode::DeviceQuery);
        assert_eq!(CommandCode::from(0x24), CommandCode::SendTracePath);
        assert_eq!(CommandCode::from(44), CommandCode::Unknown(44));
        assert_eq!(
            RadioCode::from(0x0D),
            RadioCode::Response(ResponseCode::DeviceInfo)
        );
        assert_eq!(RadioCode::from(0x88), RadioCode::Push(PushCode::LogRxData));
        assert_eq!(
            RadioCode::from(0x91),
            RadioCode::Push(PushCode::Unknown(0x91))
        );
        assert_eq!(ErrorCode::from(6), ErrorCode::IllegalArg);
    }
}
