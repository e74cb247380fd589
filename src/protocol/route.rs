//! How a packet travels: the route type with, for the two transport route types, their codes (protocol A.2).

use super::RouteType;

/// The four bytes after the header of a TRANSPORT_FLOOD or TRANSPORT_DIRECT packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct TransportCodes {
    /// `transport_code_1`: the region scope code (see `crypto::region`).
    pub scope: u16,
    /// `transport_code_2`: reserved, sent as 0.
    pub reserved: u16,
}

/// The route type and, where it has them, the transport codes: every value is a valid packet route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// Route type 0: flood scoped by transport codes.
    TransportFlood(TransportCodes),
    /// Route type 1: flood.
    Flood,
    /// Route type 2: direct (source-routed).
    Direct,
    /// Route type 3: direct with transport codes.
    TransportDirect(TransportCodes),
}

impl Route {
    /// `route_type` with `codes`; the codes are kept only for the transport route types.
    pub fn new(route_type: RouteType, codes: TransportCodes) -> Route {
        match route_type {
            RouteType::TransportFlood => Route::TransportFlood(codes),
            RouteType::Flood => Route::Flood,
            RouteType::Direct => Route::Direct,
            RouteType::TransportDirect => Route::TransportDirect(codes),
        }
    }

    /// The route type in the header bits.
    pub fn route_type(self) -> RouteType {
        match self {
            Route::TransportFlood(_) => RouteType::TransportFlood,
            Route::Flood => RouteType::Flood,
            Route::Direct => RouteType::Direct,
            Route::TransportDirect(_) => RouteType::TransportDirect,
        }
    }

    /// The transport codes, for route types 0 and 3.
    pub fn transport_codes(self) -> Option<TransportCodes> {
        match self {
            Route::TransportFlood(codes) | Route::TransportDirect(codes) => Some(codes),
            Route::Flood | Route::Direct => None,
        }
    }
}
