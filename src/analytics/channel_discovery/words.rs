//! The built-in list of hashtag channel names tried first: common mesh, topic and emergency words, places
//! and regions. Written for MeshScope as plain data; every entry is lower case without the `#`.

/// Names tried by default, without the leading `#` (kept compact: it is data, not code).
#[rustfmt::skip]
pub const BUILT_IN: &[&str] = &[
    // The mesh itself.
    "public", "mesh", "meshcore", "meshtastic", "lora", "radio", "test", "testing", "tests", "bot", "bots", "ping",
    "echo", "chat", "general", "main", "local", "help", "info", "news", "announce", "announcements", "admin", "ops",
    "dev", "debug", "beta", "alpha", "repeater", "repeaters", "room", "rooms", "sensor", "sensors", "telemetry",
    "weather", "wx", "status", "network", "net", "node", "nodes", "hello", "hi", "welcome", "lobby", "random",
    "offtopic", "misc", "fun", "social", "community", "friends", "family", "team", "group", "club", "members",
    "private", "secret", "hidden", "open", "free", "anyone", "all", "everyone", "broadcast", "relay", "backbone",
    "links", "link", "range", "rangetest", "signal", "snr", "wardriving", "wardrive", "mapping", "map", "maps",
    "gps", "position", "tracker", "tracking", "trail",
    // Emergencies and services.
    "emergency", "emcomm", "sos", "911", "112", "rescue", "fire", "ems", "police", "sar", "ares", "races", "cert",
    "disaster", "outage", "power", "storm", "flood", "quake", "earthquake", "wildfire", "tornado", "hurricane",
    "evac", "shelter", "medical", "safety", "alert", "alerts", "warning", "prepper", "preppers", "survival", "grid",
    "offgrid", "solar",
    // Hobbies and topics.
    "ham", "hamradio", "amateur", "arrl", "sdr", "rf", "antenna", "antennas", "hardware", "firmware", "software",
    "code", "linux", "esp32", "nrf52", "rak", "heltec", "tbeam", "tdeck", "hiking", "camping", "outdoors",
    "climbing", "cycling", "bike", "running", "sailing", "boating", "fishing", "hunting", "skiing", "festival",
    "event", "events", "meetup", "conference", "defcon", "burningman", "hackerspace", "makerspace", "makers",
    "hackers", "crypto", "privacy", "security", "games", "gaming", "music", "sports", "market", "trade", "forsale",
    "jobs", "school", "university", "campus", "students", "work", "home", "neighbors", "neighborhood", "city",
    "county", "state", "region", "country", "world", "global",
    // United States: cities and regions.
    "seattle", "tacoma", "bellevue", "everett", "olympia", "spokane", "portland", "salem", "eugene", "bend",
    "boise", "sf", "sanfrancisco", "bayarea", "oakland", "sanjose", "sacramento", "la", "losangeles", "sandiego",
    "fresno", "lasvegas", "reno", "phoenix", "tucson", "denver", "boulder", "saltlake", "slc", "albuquerque",
    "austin", "dallas", "houston", "sanantonio", "elpaso", "okc", "tulsa", "kansascity", "stlouis", "chicago",
    "detroit", "minneapolis", "milwaukee", "madison", "indianapolis", "columbus", "cleveland", "cincinnati",
    "pittsburgh", "philly", "philadelphia", "nyc", "newyork", "brooklyn", "boston", "providence", "hartford", "dc",
    "baltimore", "richmond", "raleigh", "charlotte", "atlanta", "nashville", "memphis", "louisville", "miami",
    "orlando", "tampa", "jacksonville", "neworleans", "anchorage", "honolulu", "pnw", "norcal", "socal", "texas",
    "florida", "california", "washington", "oregon", "idaho", "colorado", "utah", "arizona", "nevada", "newmexico",
    "montana", "wyoming", "alaska", "hawaii", "ohio", "michigan", "illinois", "wisconsin", "minnesota", "iowa",
    "missouri", "georgia", "carolina", "virginia", "maryland", "jersey", "newengland", "maine", "vermont",
    "midwest", "southwest", "northwest", "southeast", "northeast", "usa", "us",
    // Canada, Europe, Oceania and elsewhere.
    "canada", "vancouver", "victoria", "calgary", "edmonton", "toronto", "ottawa", "montreal", "bc", "ontario",
    "quebec", "uk", "london", "manchester", "birmingham", "leeds", "glasgow", "edinburgh", "bristol", "cardiff",
    "belfast", "dublin", "ireland", "scotland", "wales", "england", "europe", "eu", "paris", "france", "berlin",
    "munich", "hamburg", "germany", "deutschland", "amsterdam", "netherlands", "nederland", "brussels", "belgium",
    "zurich", "switzerland", "vienna", "austria", "prague", "czech", "warsaw", "poland", "polska", "budapest",
    "hungary", "rome", "milan", "italy", "italia", "madrid", "barcelona", "spain", "lisbon", "portugal",
    "stockholm", "sweden", "oslo", "norway", "copenhagen", "denmark", "helsinki", "finland", "tallinn", "riga",
    "vilnius", "kyiv", "ukraine", "athens", "greece", "istanbul", "turkey", "australia", "sydney", "melbourne",
    "brisbane", "perth", "adelaide", "canberra", "hobart", "nz", "newzealand", "auckland", "wellington",
    "christchurch", "tokyo", "japan", "seoul", "korea", "taiwan", "taipei", "hongkong", "singapore", "manila",
    "bangkok", "jakarta", "india", "mumbai", "delhi", "bangalore", "dubai", "israel", "telaviv", "southafrica",
    "capetown", "johannesburg", "nairobi", "lagos", "brazil", "saopaulo", "rio", "argentina", "buenosaires",
    "chile", "santiago", "mexico", "mexicocity", "colombia", "bogota", "peru", "lima",
];
