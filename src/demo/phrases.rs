//! What the demo's residents write: report texts composed from parts, per category and
//! language, deterministically from the caller's generator.
//!
//! A text is one of many problem statements of its category (each written on its own, not
//! one template with swapped words), with, at random, an opener, a mention of the place (the
//! ward, a landmark, the project), how long it has lasted, what it does to people, what the
//! resident asks, and a closing; short ones are a few words. English, Swahili, and the
//! code-switched Swahili–English (Sheng-style) many residents text in. A share of the texts
//! then gets the noise of real reports: all lower case or capitals, no punctuation,
//! txt-speak, common misspellings, dropped letters.
//!
//! Everything here is invented for the synthetic Mlima County; no real resident wrote it.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// The language a resident writes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    English,
    Swahili,
    /// Swahili and English in one sentence, as in Sheng.
    Mixed,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::English, Lang::Swahili, Lang::Mixed];

    /// A resident's language: about half write in English, a third in Swahili, the rest mix.
    pub fn draw(r: &mut ChaCha8Rng) -> Lang {
        match r.random_range(0..100) {
            0..50 => Lang::English,
            50..85 => Lang::Swahili,
            _ => Lang::Mixed,
        }
    }

    /// Whether the county answers in Swahili (it answers mixed texts in English).
    pub fn swahili(self) -> bool {
        self == Lang::Swahili
    }

    fn idx(self) -> usize {
        match self {
            Lang::English => 0,
            Lang::Swahili => 1,
            Lang::Mixed => 2,
        }
    }
}

/// What a report is about: its ward's name, and the project's title for a report on a
/// project.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub ward: &'a str,
    pub project: Option<&'a str>,
}

/// A resident's report in `category` (a protocol category code; an unknown one is
/// written as a corruption concern, the protocol's last) in `lang`, about `place`.
pub fn complaint(r: &mut ChaCha8Rng, category: &str, lang: Lang, place: &Place) -> String {
    compose(r, category, lang, place)
}

/// A report of refuse left at the ward's market (category `refuse`).
pub fn market_refuse(r: &mut ChaCha8Rng, lang: Lang, ward: &str) -> String {
    compose(
        r,
        "market-refuse",
        lang,
        &Place {
            ward,
            project: None,
        },
    )
}

/// The words before a phone number a resident leaves in the text ("Call me on").
pub fn call_me(r: &mut ChaCha8Rng, lang: Lang) -> &'static str {
    pick(r, CALL_ME[lang.idx()])
}

/// A social audit's observation on a project: progress seen on `visit` against the share
/// of the contract value paid. Formal, as a civil-society forum writes; mixed is written
/// in English.
pub fn audit_finding(
    r: &mut ChaCha8Rng,
    lang: Lang,
    title: &str,
    visit: &str,
    progress: f64,
    paid: f64,
) -> String {
    let (progress, paid) = (format!("{progress:.0}"), format!("{paid:.0}"));
    let swahili = lang.swahili();
    let pool: &[&str] = if swahili {
        &[
            "Ukaguzi wa kijamii wa Jukwaa la Wadau Mbalimbali tarehe {visit}: tulikadiria maendeleo ya kazi ya {title} kuwa karibu asilimia {progress}, wakati malipo yaliyochapishwa yamefikia asilimia {paid} ya thamani ya mkataba. Tunaomba ripoti ya ukaguzi wa karibuni na vyeti vya malipo.",
            "Jukwaa la Wadau Mbalimbali lilitembelea {title} tarehe {visit}. Tunakadiria kazi iliyofanyika kuwa karibu asilimia {progress}, lakini malipo yaliyochapishwa na kaunti yamefikia asilimia {paid} ya mkataba. Tunaomba ripoti za ukaguzi na vyeti vya malipo vilivyotumika.",
            "Ukaguzi wa kijamii, {visit}, {title}: maendeleo ya kazi karibu asilimia {progress}; malipo yaliyochapishwa asilimia {paid} ya thamani ya mkataba. Tunaomba ripoti ya ukaguzi ya karibuni na vyeti vya malipo.",
        ]
    } else {
        &[
            "Social audit by the Multi-Stakeholder Forum on {visit}: we estimated the physical progress of the {title} at about {progress}%, while the disclosed payments reach {paid}% of the contract value. We ask for the latest inspection report and the payment certificates.",
            "The Multi-Stakeholder Forum visited the {title} on {visit}. We estimate the works done at about {progress}%; the county's published payments already come to {paid}% of the contract sum. Please share the inspection reports and payment certificates behind them.",
            "Forum social audit, {visit}, {title}: progress on site about {progress}%, payments disclosed {paid}% of the contract value. We request the last inspection report and the certificates of payment.",
        ]
    };
    pick(r, pool)
        .replace("{visit}", visit)
        .replace("{title}", title)
        .replace("{progress}", &progress)
        .replace("{paid}", &paid)
}

/// Texts in English, Swahili and mixed, in that order.
type Tri = [&'static [&'static str]; 3];

fn pick<'a>(r: &mut ChaCha8Rng, items: &[&'a str]) -> &'a str {
    items[r.random_range(0..items.len())]
}

/// How long a category's problems usually last before someone reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Span {
    Days,
    Weeks,
    Rarely,
}

fn span(category: &str) -> Span {
    match category {
        "water-supply" | "refuse" | "market-refuse" | "site-safety" => Span::Days,
        "information-request" | "corruption-concern" | "audit-observation" => Span::Rarely,
        _ => Span::Weeks,
    }
}

fn about_project(category: &str) -> bool {
    matches!(
        category,
        "works-stalled" | "poor-workmanship" | "site-safety" | "audit-observation"
    )
}

/// What kind of works a project's title names, for the problems only it can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Works {
    Road,
    Building,
    Water,
    Other,
}

fn works(title: &str) -> Works {
    let t = title.to_lowercase();
    if t.contains("road") {
        Works::Road
    } else if t.contains("borehole") || t.contains("water") || t.contains("pipe") {
        Works::Water
    } else if [
        "classroom",
        "dispensary",
        "wing",
        "market",
        "shed",
        "hall",
        "office",
    ]
    .iter()
    .any(|w| t.contains(w))
    {
        Works::Building
    } else {
        Works::Other
    }
}

/// How residents name a project without its title.
fn project_noun(title: &str, lang: Lang) -> &'static str {
    let t = title.to_lowercase();
    let names: [&str; 3] = if t.contains("road") {
        ["road", "barabara", "barabara"]
    } else if t.contains("borehole") {
        ["borehole", "kisima", "borehole"]
    } else if t.contains("maternity") || t.contains("dispensary") {
        ["maternity wing", "wodi ya kujifungua", "maternity wing"]
    } else if t.contains("classroom") {
        ["classrooms", "madarasa", "classrooms"]
    } else if t.contains("cattle dip") {
        ["cattle dip", "josho", "dip"]
    } else if t.contains("market") {
        ["market sheds", "vibanda vya soko", "market sheds"]
    } else {
        ["project", "mradi", "project"]
    };
    names[lang.idx()]
}

/// Composes one text: see the module's description.
fn compose(r: &mut ChaCha8Rng, category: &str, lang: Lang, place: &Place) -> String {
    let l = lang.idx();
    let pool = statements(category)[l];
    let special = match place.project {
        Some(title) if about_project(category) => by_works(category, works(title))[l],
        _ => &[],
    };
    // A few words, as texted from a phone, for some; the short problems are the ones
    // written in lower case.
    let terse = r.random_bool(0.2);
    let first = if terse && r.random_bool(0.6) {
        let short: Vec<&'static str> = pool
            .iter()
            .copied()
            .filter(|s| s.starts_with(|c: char| c.is_lowercase()))
            .collect();
        if short.is_empty() {
            one_of(r, pool, special)
        } else {
            pick(r, &short)
        }
    } else {
        one_of(r, pool, special)
    };
    let mut main = fill(r, first, lang, place);
    let placed = ["{ward}", "{lm}", "{proj}"]
        .iter()
        .any(|s| first.contains(s));
    let mut intro = None;
    if !placed {
        let suffixed = if terse { 20 } else { 40 };
        match r.random_range(0..100) {
            n if n < suffixed => {
                let suffixes = if about_project(category) {
                    PROJECT_SUFFIX[l]
                } else {
                    PLACE_SUFFIX[l]
                };
                let suffix = fill_one(r, suffixes, lang, place);
                main = with_suffix(&main, &suffix);
            }
            n if n < 65 && !terse => intro = Some(fill_one(r, INTRO[l], lang, place)),
            _ => {}
        }
    }

    if terse {
        let mut text = main;
        if r.random_bool(0.3) {
            text = format!("{} {}", sentence(&text), fill_one(r, ASK[l], lang, place));
        }
        return noise(r, text, lang);
    }

    let mut parts: Vec<String> = Vec::new();
    if r.random_bool(0.45) {
        parts.push(pick(r, OPENER[l]).to_string());
    }
    let ask = r
        .random_bool(0.55)
        .then(|| fill_one(r, ASK[l], lang, place));
    let ask_first = r.random_bool(0.2);
    if ask_first && let Some(a) = &ask {
        parts.push(a.clone());
    }
    if let Some(i) = intro {
        parts.push(i);
    }
    let p_duration = match span(category) {
        Span::Days => 0.5,
        Span::Weeks => 0.4,
        Span::Rarely => 0.1,
    };
    let mut duration = None;
    if r.random_bool(p_duration) {
        let table = if span(category) == Span::Days {
            SHORT[l]
        } else {
            LONG[l]
        };
        let clause = fill_one(r, table, lang, place);
        let timed = [
            "since", " for ", "tangu", "siku", "wiki", "miezi", "weeks", "days",
        ]
        .iter()
        .any(|w| main.contains(w));
        if !timed && main.ends_with('.') && r.random_bool(0.35) {
            main = with_suffix(&main, &format!(" {clause}"));
        } else {
            let t = pick(r, SPAN_SENTENCE[l]);
            duration = Some(if t == "{D}." {
                format!("{}.", cap(&clause))
            } else {
                t.replace("{d}", &clause)
            });
        }
    }
    parts.push(sentence(&cap(&main)));
    if r.random_bool(0.22) {
        let again = one_of(r, pool, special);
        if again != first {
            let second = fill(r, again, lang, place);
            parts.push(sentence(&cap(&second)));
        }
    }
    let consequence = r
        .random_bool(0.35)
        .then(|| fill_one(r, consequences(category)[l], lang, place));
    if r.random_bool(0.15) {
        parts.extend(consequence);
        parts.extend(duration);
    } else {
        parts.extend(duration);
        parts.extend(consequence);
    }
    if !ask_first {
        parts.extend(ask);
    }
    if r.random_bool(0.25) {
        parts.push(fill_one(r, CLOSING[l], lang, place));
    }
    noise(r, parts.join(" "), lang)
}

/// One of two pools taken together.
fn one_of(r: &mut ChaCha8Rng, a: &[&'static str], b: &[&'static str]) -> &'static str {
    let i = r.random_range(0..a.len() + b.len());
    if i < a.len() { a[i] } else { b[i - a.len()] }
}

/// `s` with a first capital letter.
fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `s` ending as a sentence does.
fn sentence(s: &str) -> String {
    if s.ends_with(['.', '!', '?', ':']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

/// `s` with `suffix` put before its final punctuation.
fn with_suffix(s: &str, suffix: &str) -> String {
    let body = s.trim_end_matches(['.', '!', '?']);
    format!("{body}{suffix}{}", &s[body.len()..])
}

/// One of `items`, filled.
fn fill_one(r: &mut ChaCha8Rng, items: &[&str], lang: Lang, place: &Place) -> String {
    let s = pick(r, items);
    fill(r, s, lang, place)
}

/// Fills the `{…}` slots of `s`: `ward`, `lm` (a landmark), `proj`, `n`, `day`, `amt`.
fn fill(r: &mut ChaCha8Rng, s: &str, lang: Lang, place: &Place) -> String {
    let mut out = String::with_capacity(s.len() + 40);
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('}') else {
            break;
        };
        out.push_str(&slot(r, &rest[i + 1..i + j], lang, place));
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

fn slot(r: &mut ChaCha8Rng, key: &str, lang: Lang, place: &Place) -> String {
    let l = lang.idx();
    match key {
        "ward" => place.ward.to_string(),
        "lm" => pick(r, LANDMARK[l]).replace("{w}", place.ward),
        "proj" => match place.project {
            Some(title) if r.random_bool(0.5) => title.to_string(),
            Some(title) => project_noun(title, lang).to_string(),
            None => ["project", "mradi", "project"][l].to_string(),
        },
        "n" => pick(r, NUMBER[l]).to_string(),
        "day" => pick(r, DAY[l]).to_string(),
        "amt" => pick(r, AMOUNT[l]).to_string(),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Noise.

/// Noise on a share of the texts; never empties one.
fn noise(r: &mut ChaCha8Rng, text: String, lang: Lang) -> String {
    let clean = text.clone();
    let mut t = text;
    if r.random_bool(0.2) {
        t = swap_words(r, &t, lang, TXT_EN, TXT_SW, 0.7);
    }
    if r.random_bool(0.15) {
        t = swap_words(r, &t, lang, MISSPELT_EN, MISSPELT_SW, 0.8);
    }
    if r.random_bool(0.1) {
        t = drop_letters(r, &t);
    }
    if r.random_bool(0.18) {
        t = t.replace(['.', ',', ';'], " ");
        t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    match r.random_range(0..100) {
        0..20 => t = t.to_lowercase(),
        20..24 => t = t.to_uppercase(),
        _ => {}
    }
    if r.random_bool(0.05) {
        t = format!(
            "{}{}",
            t.trim_end_matches(['.', '!']),
            ["!!!", "!!", "??"][r.random_range(0..3)]
        );
    }
    let t = t.trim().to_string();
    if t.chars().any(char::is_alphanumeric) {
        t
    } else {
        clean
    }
}

/// Replaces words found in the language's table, each with chance `p`.
fn swap_words(
    r: &mut ChaCha8Rng,
    text: &str,
    lang: Lang,
    en: &[(&str, &[&str])],
    sw: &[(&str, &[&str])],
    p: f64,
) -> String {
    let tables: &[&[(&str, &[&str])]] = match lang {
        Lang::English => &[en],
        Lang::Swahili => &[sw],
        Lang::Mixed => &[en, sw],
    };
    text.split(' ')
        .map(|word| {
            let core = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            let tail = &word[core.len()..];
            let lower = core.to_lowercase();
            for table in tables {
                if let Some((_, subs)) = table.iter().find(|(w, _)| *w == lower)
                    && r.random_bool(p)
                {
                    return format!("{}{tail}", pick(r, subs));
                }
            }
            word.to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Drops one inner letter from one or two longer words.
fn drop_letters(r: &mut ChaCha8Rng, text: &str) -> String {
    let mut words: Vec<String> = text.split(' ').map(str::to_string).collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].chars().filter(|c| c.is_alphabetic()).count() >= 5)
        .collect();
    if long.is_empty() {
        return text.to_string();
    }
    for _ in 0..r.random_range(1..3) {
        let i = long[r.random_range(0..long.len())];
        let chars: Vec<char> = words[i].chars().collect();
        let inner: Vec<usize> = (1..chars.len() - 1)
            .filter(|&k| chars[k].is_alphabetic())
            .collect();
        if inner.len() < 3 {
            continue;
        }
        let k = inner[r.random_range(0..inner.len())];
        words[i] = chars
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .map(|(_, c)| c)
            .collect();
    }
    words.join(" ")
}

const TXT_EN: &[(&str, &[&str])] = &[
    ("please", &["pls", "plz", "pliz"]),
    ("people", &["ppl"]),
    ("because", &["coz", "bcoz", "bcz"]),
    ("you", &["u"]),
    ("your", &["ur"]),
    ("are", &["r"]),
    ("two", &["2"]),
    ("three", &["3"]),
    ("four", &["4"]),
    ("how", &["hw"]),
    ("know", &["knw"]),
    ("thanks", &["thnx", "thx"]),
    ("thank", &["thnk"]),
    ("tomorrow", &["2moro"]),
    ("today", &["2day"]),
    ("before", &["b4"]),
    ("and", &["&", "n"]),
    ("now", &["nw"]),
    ("been", &["bn"]),
    ("morning", &["mrng"]),
    ("water", &["wata"]),
    ("with", &["wth", "wit"]),
    ("what", &["wat"]),
    ("days", &["dys"]),
    ("still", &["stil"]),
    ("should", &["shd"]),
    ("would", &["wud"]),
    ("message", &["msg"]),
];

const TXT_SW: &[(&str, &[&str])] = &[
    ("tafadhali", &["tafadhal", "tfdhl", "pliz"]),
    ("sasa", &["sa"]),
    ("hakuna", &["hakna"]),
    ("mimi", &["mi"]),
    ("sisi", &["cc"]),
    ("siku", &["cku"]),
    ("sijui", &["cjui"]),
    ("nini", &["nn"]),
    ("hivyo", &["hivo"]),
    ("asante", &["asnt", "sante"]),
    ("asanteni", &["asanten"]),
    ("hii", &["hi"]),
    ("hiyo", &["hio"]),
    ("hata", &["ata"]),
    ("kitu", &["ktu"]),
    ("mbili", &["2"]),
    ("tatu", &["3"]),
    ("wiki", &["wk"]),
    ("kwa", &["kw"]),
    ("sana", &["sn"]),
    ("kabisa", &["kbsa"]),
    ("pesa", &["doh", "pesa"]),
    ("sababu", &["sbb"]),
    ("wasee", &["wacee"]),
    ("tunaomba", &["tunaomb"]),
];

const MISSPELT_EN: &[(&str, &[&str])] = &[
    ("received", &["recieved"]),
    ("receipt", &["reciept"]),
    ("receipts", &["reciepts"]),
    ("rubbish", &["rubish", "rubbis"]),
    ("garbage", &["garbbage", "garbege"]),
    ("collected", &["colected", "collectd"]),
    ("potholes", &["portholes", "pot holes"]),
    ("culvert", &["calvert", "culvat"]),
    ("contractor", &["contracter", "contructor"]),
    ("government", &["goverment", "govt"]),
    ("business", &["bussiness", "buisness"]),
    ("until", &["untill"]),
    ("tomorrow", &["tommorow", "tomorow"]),
    ("already", &["allready", "alredy"]),
    ("necessary", &["neccessary"]),
    ("maintenance", &["maintainance"]),
    ("committee", &["commitee", "comittee"]),
    ("which", &["wich"]),
    ("their", &["there"]),
    ("weeks", &["weaks"]),
    ("pressure", &["presure"]),
    ("dangerous", &["dangerious", "dangerus"]),
    ("accident", &["accedent"]),
    ("accidents", &["accedents"]),
    ("since", &["sinse"]),
    ("immediately", &["imediately"]),
    ("kindly", &["kindy", "kndly"]),
    ("assist", &["asist"]),
    ("stopped", &["stoped"]),
    ("leaking", &["leeking", "leakin"]),
    ("water", &["warter"]),
    ("permit", &["permmit", "parmit"]),
    ("tender", &["tenda"]),
    ("overflowing", &["over flowing", "overflowng"]),
    ("approval", &["aproval"]),
    ("schedule", &["shedule", "scedule"]),
];

const MISSPELT_SW: &[(&str, &[&str])] = &[
    ("tafadhali", &["tafathali", "tafadali"]),
    ("wafanyakazi", &["wafanyikazi"]),
    ("hakuna", &["akuna"]),
    ("haraka", &["araka"]),
    ("barabara", &["balabala", "barbara"]),
    ("shilingi", &["shiringi"]),
    ("kabisa", &["kabisaa"]),
    ("mkandarasi", &["mkandaras", "mkandarashi"]),
    ("takataka", &["taka taka"]),
    ("tunaomba", &["tunaoomba", "tuanomba"]),
    ("risiti", &["resiti"]),
    ("kibali", &["kibari"]),
    ("mradi", &["mladi"]),
    ("kontena", &["kontaina"]),
    ("zahanati", &["zahanat"]),
    ("hospitali", &["hosipitali"]),
    ("imeharibika", &["imeharibik", "imearibika"]),
    ("hatujapata", &["atujapata"]),
    ("mvua", &["mfua"]),
    ("bomba", &["boomba"]),
];

// ---------------------------------------------------------------------------------------
// The parts around the problem.

const CALL_ME: Tri = [
    &[
        "Call me on",
        "My number is",
        "Reach me on",
        "You can call me on",
        "Contact me on",
    ],
    &[
        "Nipigie",
        "Namba yangu ni",
        "Nipigieni kwa",
        "Mnaweza kunipata kwa",
    ],
    &[
        "Nicall kwa",
        "Number yangu ni",
        "Ukitaka details nipigie",
        "Call me kwa",
    ],
];

const OPENER: Tri = [
    &[
        "Good morning,",
        "Good afternoon.",
        "Good evening.",
        "Hello,",
        "Hi,",
        "Dear county,",
        "Dear Sir/Madam,",
        "Kindly,",
        "Please help.",
        "To whom it may concern,",
        "Greetings.",
        "Hello county government,",
        "Attention water department.",
    ],
    &[
        "Habari,",
        "Habari yenu.",
        "Hamjambo,",
        "Salamu.",
        "Jambo,",
        "Naomba msaada.",
        "Wapendwa wa kaunti,",
        "Shikamoo,",
        "Tafadhali,",
        "Mheshimiwa,",
        "Salaam aleikum.",
        "Habari za asubuhi,",
    ],
    &[
        "Sasa wasee,",
        "Niaje,",
        "Hello county,",
        "Boss,",
        "Habari, kindly",
        "Wasee wa county,",
        "Hi, mambo.",
        "Sasa,",
        "Please help,",
        "Vipi county,",
        "Morning wasee,",
        "Mambo vipi.",
    ],
];

const ASK: Tri = [
    &[
        "Please send someone.",
        "Fix this asap.",
        "Kindly act.",
        "Please help us.",
        "We need action now.",
        "Please look into it.",
        "Kindly treat this as urgent.",
        "When will this be sorted?",
        "We are tired of complaining.",
        "Please respond.",
        "Who do we contact about this?",
        "Do something before it gets worse.",
        "Please follow up.",
        "Let the ward administrator know.",
    ],
    &[
        "Tunaomba mtusaidie.",
        "Tafadhali tumeni mtu.",
        "Shughulikieni haraka.",
        "Tunaomba hatua ichukuliwe.",
        "Tusaidieni tafadhali.",
        "Tunaomba jibu.",
        "Mtatusaidia lini?",
        "Naomba mfuatilie.",
        "Tumechoka kulalamika.",
        "Tafadhali rekebisheni.",
        "Tunaomba mje mjionee wenyewe.",
        "Mjulisheni msimamizi wa wadi.",
    ],
    &[
        "Pls tusaidie.",
        "Mtume mtu acheck.",
        "Fix hii haraka pls.",
        "Tunaomba action.",
        "Mtu afuatilie hii.",
        "Do something bana.",
        "Tumechoka kucomplain.",
        "Kindly mshughulikie.",
        "Mko wapi county?",
        "Saidieni please.",
        "Tunaomba mfollow up.",
        "Mkuje mjionee wenyewe.",
    ],
];

const CLOSING: Tri = [
    &[
        "Thank you.",
        "Thanks.",
        "Regards.",
        "God bless.",
        "Thanks in advance.",
        "A concerned resident.",
        "Kind regards, a resident of {ward}.",
        "Hoping for your quick response.",
    ],
    &[
        "Asante.",
        "Asanteni.",
        "Mungu awabariki.",
        "Ni hayo tu.",
        "Mkazi wa {ward}.",
        "Shukran.",
        "Natanguliza shukrani.",
        "Wasalaam.",
    ],
    &[
        "Thanks.",
        "Asante sana.",
        "Shukran wasee.",
        "Ni hayo.",
        "Thank u.",
        "Mkazi wa {ward}.",
        "Asanteni sana.",
        "Tuko pamoja.",
    ],
];

const INTRO: Tri = [
    &[
        "I live in {ward}.",
        "I am writing from {ward} ward.",
        "This is at {lm}.",
        "Location: {lm}.",
        "Ward: {ward}.",
        "Near {lm}.",
        "Reporting from {ward}.",
    ],
    &[
        "Mimi ni mkazi wa {ward}.",
        "Naandika kutoka wadi ya {ward}.",
        "Hapa {lm}.",
        "Mahali: {lm}.",
        "Huku {ward}.",
        "Ni karibu na {lm}.",
    ],
    &[
        "Mimi niko {ward}.",
        "Hii ni pale {lm}.",
        "Location ni {lm}.",
        "Huku {ward} side.",
        "Ni {ward} ward.",
        "Niko around {lm}.",
    ],
];

const PLACE_SUFFIX: Tri = [
    &[
        " at {lm}",
        " in {ward}",
        " near {lm}",
        " in {ward} ward",
        " around {lm}",
        " here in {ward}",
    ],
    &[
        " huko {ward}",
        " karibu na {lm}",
        " pale {lm}",
        " katika wadi ya {ward}",
        " hapa {ward}",
    ],
    &[
        " pale {lm}",
        " huku {ward}",
        " near {lm}",
        " {ward} side",
        " kwa {ward} ward",
    ],
];

const PROJECT_SUFFIX: Tri = [
    &[
        " at the {proj}",
        " on the {proj} site",
        " at the {proj} in {ward}",
    ],
    &[
        " kwenye {proj}",
        " katika eneo la {proj}",
        " kwenye {proj} huko {ward}",
    ],
    &[" kwa site ya {proj}", " pale {proj}", " kwa {proj} {ward}"],
];

const LANDMARK: Tri = [
    &[
        "{w} stage",
        "the {w} bus stage",
        "{w} market",
        "{w} primary school",
        "the church near {w} centre",
        "{w} junction",
        "{w} estate",
        "the chief's office in {w}",
        "{w} health centre",
        "the mosque at {w}",
        "the shopping centre at {w}",
        "{w} secondary school",
    ],
    &[
        "stage ya {w}",
        "soko la {w}",
        "shule ya msingi ya {w}",
        "kanisa la {w}",
        "makutano ya {w}",
        "estate ya {w}",
        "ofisi ya chifu {w}",
        "zahanati ya {w}",
        "msikiti wa {w}",
        "kituo cha biashara cha {w}",
        "shule ya upili ya {w}",
    ],
    &[
        "stage ya {w}",
        "market ya {w}",
        "primary ya {w}",
        "church ya {w}",
        "junction ya {w}",
        "estate ya {w}",
        "kwa chief {w}",
        "dispensary ya {w}",
        "shopping centre ya {w}",
        "{w} centre",
        "high school ya {w}",
    ],
];

const NUMBER: Tri = [
    &["2", "3", "4", "5", "two", "three", "four"],
    &["mbili", "tatu", "nne", "tano", "2", "3"],
    &["2", "3", "4", "mbili", "tatu", "5"],
];

const DAY: Tri = [
    &[
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    &[
        "Jumatatu", "Jumanne", "Jumatano", "Alhamisi", "Ijumaa", "Jumamosi", "Jumapili",
    ],
    &[
        "Monday",
        "Jumanne",
        "Wednesday",
        "Alhamisi",
        "Friday",
        "Jumamosi",
        "Sunday",
    ],
];

const AMOUNT: Tri = [
    &["KES 100", "100 bob", "Ksh 200", "sh. 150", "KES 300"],
    &[
        "shilingi mia moja",
        "KES 100",
        "shilingi mia mbili",
        "Ksh 150",
        "mia tatu",
    ],
    &["100 bob", "mia mbili", "200 bob", "150 bob", "KES 300"],
];

const SHORT: Tri = [
    &[
        "for {n} days",
        "since last {day}",
        "since {day}",
        "since yesterday",
        "for over a week",
        "since the weekend",
        "for {n} days now",
        "since {day} morning",
        "the whole of this week",
        "for two weeks",
    ],
    &[
        "kwa siku {n}",
        "tangu {day} iliyopita",
        "tangu {day}",
        "tangu jana",
        "kwa zaidi ya wiki",
        "tangu wikendi",
        "kwa siku {n} sasa",
        "tangu asubuhi ya {day}",
        "wiki hii nzima",
        "kwa wiki mbili",
    ],
    &[
        "for {n} days",
        "tangu {day}",
        "since jana",
        "kwa siku {n} sasa",
        "tangu weekend",
        "for like a week",
        "since last {day}",
        "tangu {day} morning",
        "this whole week",
        "wiki mbili sasa",
    ],
];

const LONG: Tri = [
    &[
        "for {n} weeks",
        "for {n} months",
        "since January",
        "since last year",
        "for months now",
        "since the rains started",
        "since before the rains",
        "for over a year",
    ],
    &[
        "kwa wiki {n}",
        "kwa miezi {n}",
        "tangu Januari",
        "tangu mwaka jana",
        "kwa miezi sasa",
        "tangu mvua ianze",
        "tangu kabla ya mvua",
        "kwa zaidi ya mwaka",
    ],
    &[
        "for {n} weeks",
        "kwa miezi {n}",
        "tangu January",
        "since last year",
        "for months sasa",
        "tangu rains zianze",
        "tangu before rains",
        "over a year sasa",
    ],
];

/// How a duration `{d}` stands as a sentence of its own; `{D}.` is the duration alone.
const SPAN_SENTENCE: Tri = [
    &[
        "It has been like this {d}.",
        "This has gone on {d}.",
        "Same problem {d}.",
        "We have waited {d}.",
        "{D}.",
    ],
    &[
        "Imekuwa hivi {d}.",
        "Hali hii imekuwa hivyo {d}.",
        "Tumesubiri {d}.",
        "{D}.",
    ],
    &["Iko hivo {d}.", "Ni hivo tu {d}.", "Tumengoja {d}.", "{D}."],
];

// ---------------------------------------------------------------------------------------
// The problems, per category. Lower-case ones are short texts as typed on a phone.

fn statements(category: &str) -> Tri {
    match category {
        "water-supply" => WATER,
        "refuse" => REFUSE,
        "market-refuse" => MARKET_REFUSE,
        "road-damage" => ROAD,
        "permit-delay" => PERMIT,
        "market-fees" => MARKET_FEES,
        "information-request" => INFORMATION,
        "works-stalled" => STALLED,
        "poor-workmanship" => WORKMANSHIP,
        "site-safety" => SAFETY,
        "audit-observation" => AUDIT,
        _ => CORRUPTION,
    }
}

/// Problems only some works can have.
fn by_works(category: &str, works: Works) -> Tri {
    match (category, works) {
        ("poor-workmanship", Works::Road) => [
            &[
                "The tarmac on the {proj} is peeling off already.",
                "The murram on the {proj} is just soil, it turns to mud when it rains.",
                "The culverts on the {proj} are too small and already blocked.",
            ],
            &[
                "Lami ya {proj} tayari inabanduka.",
                "Changarawe iliyowekwa kwenye {proj} ni udongo tu, inageuka tope mvua ikinyesha.",
                "Makalavati ya {proj} ni madogo na tayari yameziba.",
            ],
            &[
                "Tarmac ya {proj} imeanza kutoka tayari.",
                "Murram ya {proj} ni udongo tu, rain ikinyesha ni matope.",
                "Culverts za {proj} ni ndogo na zimeblock.",
            ],
        ],
        ("poor-workmanship", Works::Building) => [
            &[
                "The roof of the {proj} leaks whenever it rains.",
                "The walls of the {proj} have cracks and the doors cannot close.",
                "The floor of the {proj} is already breaking up.",
            ],
            &[
                "Paa la {proj} linavuja kila mvua inaponyesha.",
                "Kuta za {proj} zina nyufa na milango haifungi.",
                "Sakafu ya {proj} tayari inavunjika.",
            ],
            &[
                "Roof ya {proj} inaleak kila rain.",
                "Walls za {proj} zina cracks na doors hazifungi.",
                "Floor ya {proj} imeanza kubreak.",
            ],
        ],
        ("poor-workmanship", Works::Water) => [
            &[
                "The pipes laid for the {proj} are leaking at the joints.",
                "The tank at the {proj} leaks and its stand is bending.",
                "The taps at the {proj} broke within a week.",
            ],
            &[
                "Mabomba yaliyowekwa katika {proj} yanavuja kwenye viungo.",
                "Tangi la {proj} linavuja na kinara chake kinapinda.",
                "Mifereji ya {proj} iliharibika ndani ya wiki moja.",
            ],
            &[
                "Pipes za {proj} zinaleak kwa joints.",
                "Tank ya {proj} inaleak na stand inapinda.",
                "Taps za {proj} zimevunjika ndani ya wiki moja.",
            ],
        ],
        ("site-safety", Works::Road) => [
            &[
                "The diversion for the {proj} has no signs and vehicles are meeting head on.",
                "Heaps of murram for the {proj} are left on the road at night.",
            ],
            &[
                "Mchepuko wa {proj} hauna alama na magari yanakutana uso kwa uso.",
                "Marundo ya changarawe ya {proj} yameachwa barabarani usiku.",
            ],
            &[
                "Diversion ya {proj} haina signs, magari zinakutana head on.",
                "Murram ya {proj} imeachwa kwa road usiku.",
            ],
        ],
        ("site-safety", Works::Building) => [
            &[
                "Bricks are falling from the walls of the {proj} onto the footpath.",
                "Pupils walk past the {proj} site where iron bars stick out of the ground.",
            ],
            &[
                "Matofali yanaanguka kutoka kuta za {proj} kwenye njia ya watu.",
                "Wanafunzi wanapita karibu na eneo la {proj} ambapo vyuma vimechomoza ardhini.",
            ],
            &[
                "Bricks zinaanguka from walls za {proj} kwa footpath.",
                "Pupils wanapita site ya {proj} na kuna vyuma zimechomoka.",
            ],
        ],
        ("site-safety", Works::Water) => [
            &[
                "The borehole shaft at the {proj} is left uncovered.",
                "The trench for the pipes of the {proj} runs along the footpath with no cover.",
            ],
            &[
                "Kisima cha {proj} kimeachwa wazi bila kifuniko.",
                "Mtaro wa mabomba ya {proj} unapita kando ya njia bila kufunikwa.",
            ],
            &[
                "Shimo ya borehole ya {proj} iko wazi bila cover.",
                "Trench ya pipes za {proj} iko kando ya footpath wazi.",
            ],
        ],
        _ => [&[], &[], &[]],
    }
}

const WATER: Tri = [
    &[
        "No water at the {ward} water kiosk.",
        "Taps are dry in {ward}.",
        "The water pressure is so low that nothing comes out of the tap upstairs.",
        "The water coming out of the taps is brown and smells like mud.",
        "There is a burst pipe near {lm} and clean water is flowing on the road.",
        "The meter at my gate is leaking day and night and the bill keeps going up.",
        "The county kiosk at {lm} is closed every time we go.",
        "The water vendor at the county kiosk charges 20 bob a jerrican instead of 5.",
        "The rationing schedule is not followed. We were told Tuesday and Friday but water never comes.",
        "no water",
        "The borehole pump at {lm} broke down and nobody has come to repair it.",
        "The water smells of sewage. I think the sewer line is leaking into the supply pipe.",
        "Water comes only at 2am for one hour, then it is gone.",
        "The standpipe at {lm} is broken and people are fetching from the river.",
        "We got a water bill for water we never received.",
        "dirty water in the taps, there are worms in it",
        "The kiosk tap is broken and water is wasting all day.",
        "taps dry again",
        "burst pipe at {lm}",
        "water is brown",
        "kiosk closed",
        "low pressure in {ward}",
    ],
    &[
        "Hakuna maji katika kioski cha maji cha {ward}.",
        "Mabomba yamekauka huko {ward}.",
        "Maji yanatoka kwa nguvu kidogo sana, hayafiki juu kabisa.",
        "Maji ya bomba ni ya kahawia na yananuka.",
        "Bomba limepasuka karibu na {lm} na maji safi yanapotea barabarani.",
        "Mita ya maji nje ya nyumba yangu inavuja mchana na usiku.",
        "Kioski cha maji cha kaunti pale {lm} kimefungwa kila tunapoenda.",
        "Muuzaji wa maji kwenye kioski cha kaunti anatoza shilingi ishirini kwa mtungi badala ya tano.",
        "Ratiba ya mgao wa maji haifuatwi. Tuliambiwa Jumanne na Ijumaa lakini maji hayaji.",
        "maji hakuna",
        "Pampu ya kisima pale {lm} imeharibika na hakuna aliyekuja kuirekebisha.",
        "Maji yananuka kama maji taka, nadhani bomba la maji taka linavuja ndani ya bomba la maji.",
        "Maji yanakuja saa nane usiku kwa saa moja tu.",
        "Bomba la umma pale {lm} limevunjika, watu wanachota maji mtoni.",
        "Tumeletewa bili ya maji ambayo hatukutumia.",
        "Maji machafu yenye takataka yanatoka kwenye mabomba.",
        "Mfereji wa kioski umevunjika na maji yanamwagika siku nzima.",
        "mabomba yamekauka",
        "bomba limepasuka {ward}",
        "maji machafu",
        "kioski kimefungwa",
        "maji hayatoki",
    ],
    &[
        "Maji haitoki kwa tap tangu {day}.",
        "Hakuna water pale {lm}.",
        "Pressure ya maji iko low sana, haifiki hata kwa tank.",
        "Maji inatoka brown na ina smell mbaya.",
        "Kuna pipe imeburst pale {lm}, maji inamwagika tu kwa road.",
        "Meter yangu inaleak na bill inapanda kila mwezi.",
        "Kiosk ya county imefungwa, tunanunua jerrican 50 bob kwa vendors.",
        "Jamaa wa kiosk anacharge 20 bob per jerrican badala ya 5 bob.",
        "Rationing schedule haifuatwi kabisa, maji inakuja anytime.",
        "maji imeisha kwa estate",
        "Borehole pump ya {lm} imekufa na hakuna mtu amekuja kufix.",
        "Maji ina smell ya sewer, kuna leakage somewhere.",
        "Maji inakuja tu usiku saa nane, then imeenda.",
        "Tap ya public pale {lm} imevunjika, watu wanachota kwa river.",
        "Bill ya maji iko juu sana na maji hatupati.",
        "dry taps kwa {ward} tena",
        "Tap ya kiosk imevunjika, maji inawaste siku nzima.",
        "hakuna maji tena",
        "pipe imeburst {ward}",
        "maji ni brown",
        "kiosk imefungwa",
        "pressure iko low",
    ],
];

const REFUSE: Tri = [
    &[
        "Rubbish has not been collected in {ward}.",
        "The skip at {lm} is overflowing and the rubbish is spilling onto the road.",
        "The garbage truck skipped our street again on collection day.",
        "People are dumping rubbish in the drain by {lm}.",
        "Someone is burning rubbish behind {lm} every evening and the smoke is choking us.",
        "There is a heap of garbage next to {lm} with flies and rats everywhere.",
        "garbage everywhere",
        "The collection schedule says Wednesday but the lorry has not come.",
        "A dead dog and rubbish are rotting by the roadside near {lm}.",
        "The dumpsite near the estate is full and the waste has blocked the access road.",
        "Waste is left at the gate for days and it stinks.",
        "Dogs have torn the rubbish bags and scattered them all over the street.",
        "We pay for refuse collection every month but nobody collects.",
        "There is no skip at all in our area so people throw rubbish anywhere.",
        "Syringes and hospital waste have been thrown at the dump near {lm}.",
        "rubbish not collected",
        "skip full at {lm}",
        "garbage not picked",
        "dumping in the drain",
        "smoke from burning rubbish",
    ],
    &[
        "Taka hazijakusanywa huko {ward}.",
        "Kontena la taka pale {lm} limejaa na taka zinamwagika barabarani.",
        "Gari la taka halikupita mtaa wetu siku ya kukusanya.",
        "Watu wanatupa taka kwenye mtaro karibu na {lm}.",
        "Kuna mtu anachoma taka nyuma ya {lm} kila jioni, moshi unatuumiza.",
        "Rundo la takataka karibu na {lm} lina nzi na panya kila mahali.",
        "takataka kila mahali",
        "Ratiba inasema Jumatano lakini lori la taka halijafika.",
        "Mbwa aliyekufa na taka zinaoza kando ya barabara karibu na {lm}.",
        "Jalala karibu na mtaa limejaa na taka zimeziba barabara.",
        "Taka zinaachwa langoni kwa siku nyingi na zinanuka vibaya.",
        "Mbwa wamerarua mifuko ya taka na kuisambaza mtaa mzima.",
        "Tunalipa ada ya taka kila mwezi lakini hakuna anayekusanya.",
        "Hakuna kontena la taka mtaani kwetu, watu wanatupa taka popote.",
        "Sindano na taka za hospitali zimetupwa jalalani karibu na {lm}.",
        "taka hazijaokotwa",
        "kontena limejaa",
        "taka zimejaa {ward}",
        "uchafu mtaroni",
        "taka zinachomwa usiku",
    ],
    &[
        "Taka haijaokotwa {ward} side.",
        "Skip ya {lm} imejaa mpaka inamwagika kwa road.",
        "Lorry ya taka ilituskip tena siku ya collection.",
        "Watu wanadump taka kwa drainage pale {lm}.",
        "Kuna mse anachoma taka every evening nyuma ya {lm}, moshi ni noma.",
        "Garbage imerundikana karibu na {lm}, nzi na panya ni wengi.",
        "taka kila mahali bana",
        "Schedule inasema Wednesday lakini lorry haijakuja.",
        "Mbwa amekufa na iko tu hapo kwa roadside na taka.",
        "Dumpsite imejaa, taka imeblock road ya estate.",
        "Taka inaachwa kwa gate siku mingi, inanuka mbaya.",
        "Mbwa wamechana bags za taka, zimetapakaa kwa street.",
        "Tunalipa garbage fee kila month lakini hakuna collection.",
        "Hakuna skip kwa area yetu, so watu wanatupa taka ovyo.",
        "Mtu amedump syringes na hospital waste pale {lm}.",
        "skip imejaa",
        "taka haijachukuliwa",
        "garbage imejaa {ward}",
        "watu wanadump kwa drain",
        "lorry ya taka haikuja",
    ],
];

const MARKET_REFUSE: Tri = [
    &[
        "Refuse at {ward} market has not been collected since market day.",
        "The skip at {ward} market is overflowing.",
        "Rotten vegetables are piling up at {ward} market.",
        "Garbage is blocking the gate of {ward} market.",
        "The market skip was not emptied after the weekend market.",
        "{ward} market is full of rubbish and the traders are complaining.",
        "Waste from the stalls at {ward} market has not been picked up.",
        "The refuse lorry did not come to {ward} market this week.",
    ],
    &[
        "Taka katika soko la {ward} hazijakusanywa tangu siku ya soko.",
        "Kontena la taka la soko la {ward} limejaa kupita kiasi.",
        "Mboga zilizooza zinarundikana katika soko la {ward}.",
        "Taka zimeziba lango la soko la {ward}.",
        "Kontena la soko halikumwagwa baada ya soko la wikendi.",
        "Soko la {ward} limejaa taka na wafanyabiashara wanalalamika.",
        "Taka za vibanda vya soko la {ward} hazijaokotwa.",
        "Lori la taka halikufika soko la {ward} wiki hii.",
    ],
    &[
        "Taka ya market ya {ward} haijaokotwa tangu market day.",
        "Skip ya {ward} market imejaa.",
        "Mboga zimeoza zimerundikana kwa market ya {ward}.",
        "Taka imeblock gate ya market ya {ward}.",
        "Skip ya market haikuemptiwa after weekend.",
        "Market ya {ward} imejaa taka, traders wanacomplain.",
        "Taka ya stalls za {ward} market haijachukuliwa.",
        "Lorry ya taka haikukuja market ya {ward} this week.",
    ],
];

const ROAD: Tri = [
    &[
        "Deep potholes on the road to {ward} centre.",
        "The road from {lm} is impassable after the rain and boda bodas are falling.",
        "The culvert at the river crossing near {lm} was washed away.",
        "The drain along the road is blocked and water is flowing over the road.",
        "The footbridge near {lm} is broken, people are crossing on one plank.",
        "The murram has been washed off and now the road is just rocks.",
        "potholes everywhere",
        "A huge gully has opened in the middle of the road near {lm}.",
        "The road is so muddy that matatus have stopped coming to {ward}.",
        "Storm water from the road is flooding our homes because the drains were never opened.",
        "The bridge railing near {lm} fell off and it is dangerous at night.",
        "A sinkhole has appeared at the junction and a car got stuck yesterday.",
        "The side drains are full of silt and plastics.",
        "Vehicles are now driving through people's compounds to avoid the potholes.",
        "big ditch across the road by {lm}",
        "road impassable",
        "culvert washed away",
        "potholes at {lm}",
        "drain blocked",
        "footbridge broken",
    ],
    &[
        "Mashimo makubwa kwenye barabara ya kwenda {ward}.",
        "Barabara kutoka {lm} haipitiki baada ya mvua, bodaboda zinaanguka.",
        "Kalavati kwenye kivuko cha mto karibu na {lm} limesombwa na maji.",
        "Mtaro wa barabara umeziba na maji yanapita juu ya barabara.",
        "Daraja la waenda kwa miguu karibu na {lm} limevunjika.",
        "Changarawe imesombwa na sasa barabara imebaki mawe tu.",
        "barabara mbovu sana",
        "Korongo kubwa limetokea katikati ya barabara karibu na {lm}.",
        "Barabara ina matope mengi, matatu hazifiki tena {ward}.",
        "Maji ya mvua kutoka barabarani yanaingia majumbani kwa sababu mitaro haijafunguliwa.",
        "Reli za daraja karibu na {lm} zimeanguka, ni hatari usiku.",
        "Shimo kubwa limetokea kwenye makutano na gari lilikwama jana.",
        "Mitaro ya pembeni imejaa mchanga na plastiki.",
        "Magari sasa yanapita ndani ya maboma ya watu kukwepa mashimo.",
        "Barabara imekatika kabisa karibu na {lm}.",
        "barabara haipitiki",
        "kalavati limesombwa",
        "mashimo barabarani {ward}",
        "mtaro umeziba",
        "daraja limevunjika",
    ],
    &[
        "Road ya {ward} imejaa potholes mbaya.",
        "Hii road ya {lm} haipitiki after rain, boda zinateleza.",
        "Culvert ya river pale {lm} imesombwa na maji.",
        "Drainage imeblock, maji inapita juu ya road.",
        "Footbridge ya {lm} imevunjika, watu wanavuka kwa plank moja.",
        "Murram yote imeenda, road ni mawe tu sasa.",
        "potholes kila mahali",
        "Kuna gully kubwa imefunguka katikati ya road pale {lm}.",
        "Road ina matope, matatu haziingii {ward} tena.",
        "Maji ya rain inaingia kwa manyumba coz drains hazijafunguliwa.",
        "Railing ya bridge imeanguka, ni hatari sana usiku.",
        "Kuna shimo kubwa kwa junction, gari ilikwama jana.",
        "Drains zimejaa silt na plastic.",
        "Magari zinapitia kwa compound za watu kuavoid potholes.",
        "Road imekatika pale {lm}.",
        "road haipitiki",
        "culvert imesombwa",
        "potholes mob {ward}",
        "drainage imeblock",
        "bridge imevunjika",
    ],
];

const PERMIT: Tri = [
    &[
        "I applied for a single business permit {n} weeks ago and have had no decision.",
        "My building plans were submitted to the planning office and nobody can tell me their status.",
        "I paid for a change of user approval and it has not been processed.",
        "Every time I go to the {ward} office they say the officer is not in.",
        "My business permit renewal is still pending and the askaris are harassing me for not having it.",
        "The liquor licence application has been stuck with the committee.",
        "permit still not ready",
        "I was told to come back after 7 days. That was {n} weeks ago.",
        "The online system shows my application as 'under review' since I submitted it.",
        "I submitted all documents including the fire certificate but the permit is not issued.",
        "We applied for approval to build a perimeter wall and there is no response.",
        "The health certificate for my food kiosk has not been signed.",
        "Why does a hawker's licence take this long?",
        "I have paid the fees and have the receipt, but the permit is not released.",
        "My plot subdivision approval has been pending at the lands office.",
        "business permit delayed",
        "building plans pending",
        "no response on my licence",
        "still waiting for approval",
        "permit application stuck",
    ],
    &[
        "Niliomba kibali cha biashara wiki {n} zilizopita na sijapata jibu.",
        "Nilipeleka michoro ya jengo kwa ofisi ya mipango na hakuna anayejua imefika wapi.",
        "Nimelipia idhini ya mabadiliko ya matumizi ya ardhi lakini haijashughulikiwa.",
        "Kila nikienda ofisi ya {ward} naambiwa afisa hayupo.",
        "Kibali changu cha biashara bado hakijatolewa na askari wa kaunti wananisumbua.",
        "Ombi la leseni ya pombe limekwama kwa kamati.",
        "kibali bado",
        "Niliambiwa nirudi baada ya siku saba. Sasa ni wiki {n}.",
        "Mfumo wa mtandaoni unaonyesha ombi langu bado linakaguliwa.",
        "Nilipeleka stakabadhi zote pamoja na cheti cha zimamoto lakini kibali hakijatoka.",
        "Tuliomba idhini ya kujenga ukuta wa mpaka na hakuna jibu.",
        "Cheti cha afya cha kibanda changu cha chakula hakijatiwa sahihi.",
        "Kwa nini leseni ya mchuuzi inachukua muda mrefu hivi?",
        "Nimelipa ada na nina risiti lakini kibali hakijatolewa.",
        "Idhini ya kugawa shamba langu imekwama ofisi ya ardhi.",
        "kibali cha biashara kimechelewa",
        "michoro ya jengo bado",
        "leseni yangu bado",
        "nasubiri idhini",
        "ombi limekwama",
    ],
    &[
        "Niliapply business permit wiki {n} zimepita, bado sijapata.",
        "Building plans zangu ziko planning office, hakuna mtu anajua status.",
        "Nimelipia change of user lakini haijaprocessiwa.",
        "Kila nikienda office ya {ward} naambiwa officer hayuko.",
        "Renewal ya permit iko pending na kanjo wananisumbua.",
        "Liquor licence application imekwama kwa committee.",
        "permit bado haijatoka",
        "Waliniambia nirudi after 7 days, sasa ni wiki {n}.",
        "Online system inasema 'under review' tangu nisubmit.",
        "Nimepeleka documents zote na fire cert lakini permit haijatoka.",
        "Tuliapply approval ya perimeter wall na hakuna response.",
        "Health cert ya kibanda yangu haijasainiwa bado.",
        "Mbona hawker's licence inachukua time mingi hivi?",
        "Nimelipa fees na niko na receipt but permit hawajarelease.",
        "Subdivision approval ya plot yangu imestuck kwa lands office.",
        "permit imedelay",
        "plans bado ziko pending",
        "licence bado haijatoka",
        "bado nangoja approval",
        "application imestuck",
    ],
];

const MARKET_FEES: Tri = [
    &[
        "Market collectors at {ward} charge KES 100 a day instead of the published KES 50.",
        "No receipt is given when they collect the market fee.",
        "We pay daily fees but the market toilets are locked and there is no water.",
        "The cess collectors are charging farmers double for every sack of produce.",
        "Traders are asked to pay {amt} for a space that is supposed to be free on non-market days.",
        "The collector writes a lower amount on the receipt than what we pay.",
        "overcharging at the market",
        "We pay for cleaning but the market has not been swept for weeks.",
        "The new fee schedule was never explained to traders, they just started charging more.",
        "Mama mbogas outside the market are being charged the full stall fee.",
        "The collectors use their own receipt books, not county ones.",
        "Boda boda riders are forced to pay parking fees inside the market.",
        "Why are we charged {amt} when the Finance Act says less?",
        "Our stall rent was doubled without any notice.",
        "They take our goods if we cannot pay the fee the same morning.",
        "no receipts at {ward} market",
        "market fee too high",
        "double charged today",
        "collectors overcharging",
        "stall rent doubled",
    ],
    &[
        "Wakusanyaji wa soko la {ward} wanatoza KES 100 kwa siku badala ya KES 50.",
        "Hawatoi risiti wanapokusanya ada ya soko.",
        "Tunalipa ada kila siku lakini vyoo vya soko vimefungwa na hakuna maji.",
        "Wakusanyaji wa ushuru wanawatoza wakulima mara mbili kwa kila gunia.",
        "Wafanyabiashara wanalazimishwa kulipa {amt} kwa nafasi isiyolipiwa siku zisizo za soko.",
        "Mkusanyaji anaandika kiasi kidogo kwenye risiti kuliko tunachomlipa.",
        "ada za soko zimepanda bila sababu",
        "Tunalipa ada ya usafi lakini soko halijafagiliwa kwa wiki kadhaa.",
        "Viwango vipya vya ada havikuelezwa kwa wafanyabiashara, walianza tu kutoza zaidi.",
        "Mama mboga walio nje ya soko wanatozwa ada kamili ya kibanda.",
        "Wakusanyaji wanatumia vitabu vyao vya risiti, si vya kaunti.",
        "Waendesha bodaboda wanalazimishwa kulipa ada ya kuegesha ndani ya soko.",
        "Kwa nini tunatozwa {amt} ilhali Sheria ya Fedha inasema chini ya hapo?",
        "Kodi ya kibanda chetu imeongezwa mara mbili bila taarifa.",
        "Wanachukua bidhaa zetu tusipolipa ada asubuhi hiyo hiyo.",
        "hakuna risiti sokoni",
        "ada ya soko juu sana",
        "tumetozwa mara mbili",
        "wakusanyaji wanatoza zaidi",
        "kodi ya kibanda imepanda",
    ],
    &[
        "Collectors wa market ya {ward} wanacharge 100 bob badala ya 50.",
        "Hawapeani receipt wakicollect market fee.",
        "Tunalipa daily fee lakini toilets za market zimefungwa.",
        "Cess guys wanacharge wakulima double kwa kila gunia.",
        "Traders wanalipishwa {amt} kwa space ambayo ni free.",
        "Collector anaandika amount ndogo kwa receipt kuliko tunalipa.",
        "market fee imepanda bila notice",
        "Tunalipa cleaning fee lakini market haijafagiliwa.",
        "Hawakuexplain new rates, walianza tu kucharge zaidi.",
        "Mama mboga nje ya market wanachargiwa full stall fee.",
        "Collectors wanatumia receipt books zao, si za county.",
        "Boda guys wanalazimishwa kulipa parking ndani ya market.",
        "Mbona tunalipa {amt} na Finance Act inasema less?",
        "Rent ya stall imedouble bila notice yoyote.",
        "Kanjo wanachukua goods zetu ukikosa kulipa fee asubuhi.",
        "hakuna receipt market",
        "market fee iko juu",
        "tumechargiwa double",
        "collectors wanaovercharge",
        "stall rent imedouble",
    ],
];

const INFORMATION: Tri = [
    &[
        "Please publish the bills of quantities of this year's projects in {ward} ward.",
        "I request a copy of the contract for the road works in {ward}.",
        "How much was allocated to {ward} ward in this year's budget?",
        "Where can I find the list of bursary beneficiaries for {ward}?",
        "Kindly share the minutes of the last public participation meeting on the budget.",
        "I would like the names of the companies that won tenders this financial year.",
        "When is the next public participation forum in {ward}?",
        "Can you publish the audit report for last year?",
        "What is the status of the borehole project promised in {ward}?",
        "I request the inspection reports for the {ward} projects under the Access to Information Act.",
        "How much has the county collected in market fees this year?",
        "Who is the contractor of the road works at {lm} and what is the completion date?",
        "budget for our ward?",
        "Please share the ward development fund expenditure for last year.",
        "I need the county's list of pending bills to suppliers.",
        "need the BQ for {ward} projects",
        "contract copy please",
        "bursary list?",
        "where is the audit report",
        "tender results?",
    ],
    &[
        "Tafadhali chapisheni makadirio ya gharama (BQ) ya miradi ya mwaka huu katika wadi ya {ward}.",
        "Naomba nakala ya mkataba wa kazi za barabara huko {ward}.",
        "Wadi ya {ward} ilitengewa kiasi gani katika bajeti ya mwaka huu?",
        "Orodha ya wanufaika wa basari wa {ward} inapatikana wapi?",
        "Naomba kumbukumbu za mkutano wa mwisho wa ushirikishwaji wa umma kuhusu bajeti.",
        "Ningependa majina ya kampuni zilizoshinda zabuni mwaka huu wa fedha.",
        "Mkutano ujao wa ushirikishwaji wa umma {ward} utakuwa lini?",
        "Mnaweza kuchapisha ripoti ya ukaguzi ya mwaka jana?",
        "Mradi wa kisima ulioahidiwa {ward} umefikia wapi?",
        "Naomba ripoti za ukaguzi wa miradi ya {ward} chini ya Sheria ya Upatikanaji wa Taarifa.",
        "Kaunti imekusanya kiasi gani cha ada za soko mwaka huu?",
        "Mkandarasi wa barabara pale {lm} ni nani na kazi itakamilika lini?",
        "bajeti ya wadi yetu ni ngapi?",
        "Naomba matumizi ya mfuko wa maendeleo wa wadi kwa mwaka jana.",
        "Nahitaji orodha ya madeni ambayo kaunti inadaiwa na wasambazaji.",
        "naomba BQ ya miradi ya {ward}",
        "naomba nakala ya mkataba",
        "orodha ya basari?",
        "ripoti ya ukaguzi iko wapi",
        "matokeo ya zabuni?",
    ],
    &[
        "Pls publish BQs za projects za mwaka huu {ward} ward.",
        "Naomba copy ya contract ya road works {ward}.",
        "Ward ya {ward} ilipata pesa ngapi kwa budget ya this year?",
        "List ya bursary beneficiaries wa {ward} iko wapi?",
        "Tunaomba minutes za public participation meeting ya budget.",
        "Ni kampuni gani zilishinda tenders mwaka huu?",
        "Public participation next ni lini huku {ward}?",
        "Audit report ya last year mnaweza kuiweka online?",
        "Borehole project mliahidi {ward} imefika wapi?",
        "Naomba inspection reports za projects za {ward} kwa Access to Information Act.",
        "County imecollect pesa ngapi from market fees this year?",
        "Contractor wa road pale {lm} ni nani na itaisha lini?",
        "budget ya ward yetu ni how much?",
        "Share expenditure ya ward development fund ya last year pls.",
        "Pending bills za county ziko how much?",
        "BQ za {ward} projects pls",
        "copy ya contract pls",
        "bursary list iko wapi",
        "audit report iko wapi",
        "tender results ni lini",
    ],
];

const CORRUPTION: Tri = [
    &[
        "A revenue clerk at the {ward} sub-county office asked for money to speed up my permit.",
        "The county askaris take bribes from hawkers every evening at {lm}.",
        "A contractor was paid for a road in {ward} that was never done.",
        "The tender for the market sheds was awarded to a company owned by an MCA's relative.",
        "An officer told me I must 'add something small' before my file can move.",
        "Bursary cheques are going to relatives of the ward committee members.",
        "corruption at the county office",
        "There are ghost workers on the casuals' payroll in {ward}; people who never work get paid.",
        "The inspector passed the building without visiting after getting cash.",
        "Fuel for the county lorry is being sold at {lm}.",
        "Someone at the lands office demanded KES 5,000 to 'find' my file.",
        "Materials for the county project were taken to a private home at night.",
        "The same company wins every tender in {ward}, even when it does a poor job.",
        "Market collectors pocket the cash and give no receipts, the money does not reach the county.",
        "Casual jobs on the project were given only to those who paid a fee.",
        "bribe demanded at the permit office",
        "askaris taking bribes",
        "ghost workers on payroll",
        "tender rigged",
        "paid for a road never built",
    ],
    &[
        "Karani wa mapato katika ofisi ya {ward} aliniomba pesa ili kuharakisha kibali changu.",
        "Askari wa kaunti wanachukua hongo kutoka kwa wachuuzi kila jioni pale {lm}.",
        "Mkandarasi alilipwa kwa barabara ya {ward} ambayo haikujengwa kamwe.",
        "Zabuni ya vibanda vya soko ilipewa kampuni ya jamaa wa MCA.",
        "Afisa aliniambia 'niongeze kitu kidogo' ndipo faili yangu isonge.",
        "Hundi za basari zinaenda kwa jamaa wa wanakamati wa wadi.",
        "ufisadi ofisi za kaunti",
        "Kuna wafanyakazi hewa kwenye orodha ya vibarua {ward}.",
        "Mkaguzi aliidhinisha jengo bila kulitembelea baada ya kupewa pesa.",
        "Mafuta ya lori la kaunti yanauzwa pale {lm}.",
        "Mtu wa ofisi ya ardhi alidai shilingi elfu tano ili 'kutafuta' faili yangu.",
        "Vifaa vya mradi wa kaunti vilipelekwa nyumba ya mtu binafsi usiku.",
        "Kampuni moja hushinda kila zabuni {ward} hata inapofanya kazi mbovu.",
        "Wakusanyaji wa soko wanaweka pesa mfukoni bila risiti, pesa haifiki kaunti.",
        "Kazi za vibarua kwenye mradi zilipewa tu waliolipa pesa.",
        "nimeombwa hongo ofisini",
        "askari wanachukua hongo",
        "wafanyakazi hewa",
        "zabuni imepangwa",
        "barabara hewa imelipwa",
    ],
    &[
        "Clerk wa revenue {ward} aliniitisha kitu kidogo ndio permit iharakishwe.",
        "Kanjo wanakula hongo kwa hawkers kila jioni pale {lm}.",
        "Contractor alilipwa road ya {ward} na hakuna kazi ilifanyika.",
        "Tender ya market sheds ilienda kwa kampuni ya relative wa MCA.",
        "Officer ameniambia niweke kitu kidogo ndio file isongeshwe.",
        "Bursary zinapewa tu watu wa ward committee na family zao.",
        "corruption imezidi county",
        "Kuna ghost workers kwa payroll ya casuals {ward}.",
        "Inspector alipass building bila kuivisit, alipewa doh.",
        "Fuel ya lorry ya county inauzwa pale {lm}.",
        "Jamaa wa lands office aliniitisha 5k ndio 'apate' file yangu.",
        "Materials za project zilipelekwa kwa boma ya mtu usiku.",
        "Kampuni moja tu ndio hushinda tenders zote {ward}.",
        "Collectors wanaweka doh mfukoni, hakuna receipts.",
        "Casual jobs kwa project zilipewa tu wale walilipa.",
        "kitu kidogo inaitishwa office",
        "kanjo wanakula hongo",
        "ghost workers kwa payroll",
        "tender imepangwa",
        "road hewa imelipwa",
    ],
];

const STALLED: Tri = [
    &[
        "No workers have been on the {proj} site for weeks.",
        "Works on the {proj} stopped after the machines left.",
        "The contractor abandoned the {proj} and materials are lying unused.",
        "The signboard says the {proj} should be finished by now but nothing is happening.",
        "The {proj} was started before the elections and has never continued.",
        "Only the foundation of the {proj} was done, then everyone left.",
        "works stalled",
        "The site of the {proj} is deserted, even the watchman left.",
        "Cement bags at the {proj} site are hardening in the rain because no one is working.",
        "The trench dug for the {proj} is filling with water and nothing else has been done.",
        "We hear the contractor has not been paid, is that why the {proj} stopped?",
        "Is the {proj} still going on? Nobody has been there for a long time.",
        "The graders came for two days and never came back to the {proj}.",
        "half done {proj}, no progress",
        "The {proj} has stalled halfway.",
        "no workers on site",
        "site abandoned",
        "works stopped again",
        "nothing happening at the {proj}",
        "contractor gone",
    ],
    &[
        "Hakuna wafanyakazi katika eneo la {proj} kwa wiki kadhaa.",
        "Kazi ya {proj} ilisimama baada ya mashine kuondoka.",
        "Mkandarasi ameacha kazi ya {proj} na vifaa vimeachwa bila kutumika.",
        "Bango linasema kazi ya {proj} ingekuwa imekamilika, lakini hakuna kinachoendelea.",
        "Kazi ya {proj} ilianzishwa kabla ya uchaguzi na haijaendelea tena.",
        "Msingi tu wa {proj} ulijengwa, kisha kila mtu akaondoka.",
        "kazi imekwama",
        "Eneo la {proj} ni tupu, hata mlinzi ameondoka.",
        "Mifuko ya saruji kwenye eneo la {proj} inaganda kwa mvua kwa sababu hakuna anayefanya kazi.",
        "Mtaro uliochimbwa kwa ajili ya {proj} unajaa maji na hakuna kingine kilichofanyika.",
        "Tumesikia mkandarasi hajalipwa, ndiyo sababu kazi ya {proj} imesimama?",
        "Je, kazi ya {proj} bado inaendelea? Hakuna aliyefika huko kwa muda mrefu.",
        "Greda zilikuja siku mbili na hazikurudi tena kwenye {proj}.",
        "Kazi ya {proj} imeishia nusu.",
        "Hakuna kinachoendelea katika {proj}.",
        "hakuna wafanyakazi",
        "mradi umeachwa",
        "kazi imesimama tena",
        "hakuna kinachoendelea kwenye {proj}",
        "mkandarasi ametoweka",
    ],
    &[
        "Hakuna workers kwa site ya {proj} for weeks.",
        "Kazi ya {proj} ilistop machines zikiondoka.",
        "Contractor amehepa site ya {proj}, materials ziko tu hapo.",
        "Signboard inasema kazi ya {proj} ingekuwa imeisha, lakini hakuna kitu inaendelea.",
        "Project ya {proj} ilianza before elections na imestall tangu hapo.",
        "Walimaliza foundation tu ya {proj}, kila mtu akaenda.",
        "kazi imestall",
        "Site ya {proj} iko empty, hata watchie ameenda.",
        "Cement kwa site ya {proj} inaharibika kwa rain coz hakuna kazi.",
        "Trench ya {proj} imejaa maji, hakuna kitu kingine imefanyika.",
        "Tunaskia contractor hajalipwa, ndio maana kazi ya {proj} imestop?",
        "Hii kazi ya {proj} bado inaendelea ama? Hakuna mtu ameonekana huko.",
        "Graders zilikuja siku mbili then zikapotea kwa {proj}.",
        "Kazi ya {proj} iko half, no progress.",
        "Tangu mwaka jana hakuna kazi kwa {proj}.",
        "hakuna workers site",
        "site imeachwa",
        "kazi imestop tena",
        "hakuna kitu inaendelea kwa {proj}",
        "contractor amehepa",
    ],
];

const WORKMANSHIP: Tri = [
    &[
        "The new {proj} already shows cracks.",
        "The work on the {proj} was done in a hurry and is already falling apart.",
        "The materials used on the {proj} are below standard, the cement is mostly sand.",
        "Handover of the {proj} was last month and it is already damaged.",
        "The {proj} does not match what is written on the signboard.",
        "poor job on the {proj}",
        "The contractor covered the defects on the {proj} with paint before the inspection.",
        "Nothing on the {proj} is straight, it looks like it was done by untrained people.",
        "Parts of the {proj} that were supposed to be concrete are just mud.",
        "The {proj} was washed away by the first rains.",
        "Shoddy work at the {proj}. Who inspected this?",
        "The drainage at the {proj} was not done at all, water collects everywhere.",
        "We are sure the {proj} was not done according to the specifications.",
        "Money wasted on the {proj}, very poor quality.",
        "cracks already",
        "substandard work",
        "it is already breaking",
        "leaking after handover",
        "shoddy job at the {proj}",
    ],
    &[
        "Kazi mpya ya {proj} tayari ina nyufa.",
        "Kazi ya {proj} ilifanywa kwa haraka na tayari inaharibika.",
        "Vifaa vilivyotumika kwenye {proj} ni duni, saruji ni mchanga mtupu.",
        "Kazi ya {proj} ilikabidhiwa mwezi uliopita na tayari imeharibika.",
        "Kazi ya {proj} hailingani na ilivyoandikwa kwenye bango.",
        "kazi duni kwenye {proj}",
        "Mkandarasi alipaka rangi kuficha kasoro za {proj} kabla ya ukaguzi.",
        "Hakuna kilicho sawa katika {proj}, inaonekana ilifanywa na watu wasio na ujuzi.",
        "Sehemu za {proj} zilizopaswa kuwa za zege ni udongo tu.",
        "Kazi ya {proj} ilisombwa na mvua za kwanza.",
        "Kazi mbovu katika {proj}. Nani aliikagua?",
        "Mitaro ya maji katika {proj} haikujengwa kabisa, maji yanatuama kila mahali.",
        "Tuna uhakika kazi ya {proj} haikufuata vipimo vilivyowekwa.",
        "Pesa zimepotea kwenye {proj}, ubora ni duni sana.",
        "tayari kuna nyufa",
        "kazi ya kiwango cha chini",
        "imeshaanza kuvunjika",
        "inavuja baada ya kukabidhiwa",
        "kazi mbovu kwenye {proj}",
    ],
    &[
        "Hii kazi ya {proj} ni mpya lakini tayari ina cracks.",
        "Kazi ya {proj} ilifanywa haraka haraka, tayari inaanguka.",
        "Materials za {proj} ni substandard, cement ni sand tu.",
        "Walihandover kazi ya {proj} last month na tayari imeharibika.",
        "Kazi ya {proj} haimatch na signboard.",
        "shoddy job kwa {proj}",
        "Contractor alipaka rangi kuficha defects za {proj} before inspection.",
        "Hakuna kitu iko straight kwa {proj}, kama ilifanywa na fundi wa mtaa.",
        "Parts za {proj} zilikuwa zifanywe concrete ni udongo tu.",
        "Rain ya kwanza ilisomba kazi ya {proj}.",
        "Kazi mbovu sana kwa {proj}, nani aliinspect?",
        "Drainage ya {proj} haikufanywa, maji inastagnate kila mahali.",
        "Tuko sure kazi ya {proj} haikufuata specs.",
        "Pesa imepotea kwa {proj}, quality ni poor sana.",
        "cracks tayari",
        "kazi ni substandard",
        "imeanza kubreak",
        "inaleak after handover",
        "kazi mbovu kwa {proj}",
    ],
];

const SAFETY: Tri = [
    &[
        "Open pits at the {proj} site without a fence or warning signs.",
        "Children play in the open trench at the {proj} after school.",
        "There is no barrier around the deep hole dug for the {proj}.",
        "The diversion for the {proj} goes through a blind corner and two accidents have happened.",
        "Workers at the {proj} have no helmets or boots.",
        "Live electric cables are lying exposed at the {proj} site.",
        "danger at the site",
        "A cow fell into the trench at the {proj} last night.",
        "The {proj} site is not lit at night and people fall into the ditches.",
        "Heaps of ballast from the {proj} are blocking the road with no reflectors.",
        "The scaffolding at the {proj} is shaking and people walk under it.",
        "The fence at the {proj} site was removed and the pit is wide open.",
        "Someone will die at the {proj} site, it is very dangerous.",
        "No warning signs at the {proj}, motorbikes are hitting the heaps of soil.",
        "open trench no fence",
        "no warning signs",
        "dangerous pit near {lm}",
        "site not fenced",
        "unsafe diversion",
    ],
    &[
        "Mashimo yaliyo wazi katika eneo la {proj} bila uzio wala alama za tahadhari.",
        "Watoto wanacheza ndani ya mtaro ulio wazi wa {proj} baada ya shule.",
        "Hakuna kizuizi karibu na shimo refu lililochimbwa kwa ajili ya {proj}.",
        "Mchepuko wa {proj} unapita kwenye kona isiyoonekana na ajali mbili zimetokea.",
        "Wafanyakazi wa {proj} hawana kofia ngumu wala buti.",
        "Nyaya za umeme ziko wazi katika eneo la {proj}.",
        "hatari kwenye eneo la kazi",
        "Ng'ombe alianguka ndani ya mtaro wa {proj} jana usiku.",
        "Eneo la {proj} halina taa usiku na watu wanaangukia mitaro.",
        "Marundo ya kokoto za {proj} yameziba barabara bila alama za kuakisi.",
        "Jukwaa la ujenzi katika {proj} linatikisika na watu wanapita chini yake.",
        "Uzio wa eneo la {proj} uliondolewa na shimo liko wazi kabisa.",
        "Mtu atakufa katika eneo la {proj}, ni hatari sana.",
        "Hakuna alama za tahadhari kwenye {proj}, pikipiki zinagonga marundo ya udongo.",
        "mtaro wazi bila uzio",
        "hakuna alama za tahadhari",
        "shimo hatari karibu na {lm}",
        "eneo halina uzio",
        "mchepuko hatari",
    ],
    &[
        "Kuna mashimo wazi kwa site ya {proj}, hakuna fence wala signs.",
        "Watoto wanacheza kwa trench ya {proj} after school.",
        "Hakuna barrier kwa shimo ya {proj}, ni deep sana.",
        "Diversion ya {proj} inapita kwa corner mbaya, accidents mbili zimetokea.",
        "Workers wa {proj} hawana helmets wala boots.",
        "Stima wires ziko wazi kwa site ya {proj}.",
        "site ni hatari sana",
        "Ng'ombe ameanguka kwa trench ya {proj} jana usiku.",
        "Site ya {proj} haina lights usiku, watu wanaanguka kwa ditches.",
        "Ballast ya {proj} imeblock road na hakuna reflectors.",
        "Scaffolding ya {proj} inashake na watu wanapita chini.",
        "Fence ya site ya {proj} ilitolewa, shimo iko wazi.",
        "Mtu atakufa kwa site ya {proj}, ni risky sana.",
        "Hakuna warning signs kwa {proj}, boda zinagonga heaps za soil.",
        "trench iko wazi no fence",
        "hakuna warning signs",
        "shimo hatari pale {lm}",
        "site haina fence",
        "diversion ni hatari",
    ],
];

const AUDIT: Tri = [
    &[
        "Observation from a community visit to the {proj}: fewer works on site than the signboard describes.",
        "We visited the {proj} as a residents' group and found only part of the works done.",
        "The signboard at the {proj} shows a contract sum far higher than what we see on the ground.",
        "During our social audit of the {proj}, the site had no inspection records.",
        "The bill of quantities lists items at the {proj} that are not there.",
        "Our youth group measured the work done at the {proj}; it does not match the payments published.",
        "social audit finding on the {proj}",
        "The {proj} is recorded as complete in the register but the works are not finished.",
        "Residents checked the {proj} against the published contract and several items are missing.",
        "At the {proj}, the works are shorter than the contract says.",
        "Community monitoring of the {proj}: the contractor's name on the board differs from the published one.",
        "We compared the {proj} with the county's published figures and progress looks much lower.",
        "Public participation was not done before the {proj} started, according to residents we interviewed.",
        "The {proj} has been paid almost in full according to the published data, but the site is far from complete.",
        "works below what was paid",
        "no inspection records on site",
        "signboard figures wrong",
        "progress far behind payments",
        "items in the BQ missing",
    ],
    &[
        "Uchunguzi kutoka ziara ya jamii kwenye {proj}: kazi iliyofanyika ni ndogo kuliko inavyoelezwa kwenye bango.",
        "Tulitembelea {proj} kama kikundi cha wakazi na tukapata sehemu tu ya kazi imefanyika.",
        "Bango la {proj} linaonyesha thamani ya mkataba iliyo juu sana kuliko tunachoona.",
        "Katika ukaguzi wetu wa kijamii wa {proj}, hakukuwa na kumbukumbu za ukaguzi.",
        "Makadirio ya gharama yanaorodhesha vitu kwenye {proj} ambavyo havipo.",
        "Kikundi chetu cha vijana kilipima kazi ya {proj}; hailingani na malipo yaliyochapishwa.",
        "matokeo ya ukaguzi wa kijamii wa {proj}",
        "Kazi ya {proj} imeandikwa kuwa imekamilika kwenye rejista lakini haijakamilika.",
        "Wakazi walilinganisha {proj} na mkataba uliochapishwa na vitu kadhaa havipo.",
        "Katika {proj}, urefu wa kazi ni mfupi kuliko unavyosema mkataba.",
        "Ufuatiliaji wa jamii wa {proj}: jina la mkandarasi kwenye bango ni tofauti na lililochapishwa.",
        "Tulilinganisha {proj} na takwimu za kaunti na maendeleo yanaonekana chini sana.",
        "Ushirikishwaji wa umma haukufanyika kabla ya kuanza kwa {proj}, kulingana na wakazi tuliowahoji.",
        "Kwa mujibu wa takwimu zilizochapishwa, {proj} imelipwa karibu yote, lakini kazi iko mbali kukamilika.",
        "kazi chini ya malipo",
        "hakuna kumbukumbu za ukaguzi",
        "takwimu za bango si sahihi",
        "maendeleo nyuma ya malipo",
        "vitu vya BQ havipo",
    ],
    &[
        "Tulivisit {proj} kama community, kazi iko chini ya vile signboard inasema.",
        "Residents group ilienda {proj}, tukapata kazi ni half tu.",
        "Signboard ya {proj} inaonyesha contract sum kubwa sana compared na kazi iko ground.",
        "Kwa social audit yetu ya {proj}, hakuna inspection records site.",
        "BQ inalist vitu kwa {proj} ambazo hazipo.",
        "Youth group yetu ilicount kazi ya {proj}, haimatch na payments mlipublish.",
        "social audit ya {proj}: kuna issues",
        "Register inasema {proj} iko complete lakini kazi haijaisha.",
        "Tulicompare {proj} na contract mlipublish, vitu kadhaa hazipo.",
        "Kwa {proj}, length ya kazi ni fupi kuliko contract.",
        "Jina ya contractor kwa board ya {proj} ni tofauti na ile mlipublish.",
        "Progress ya {proj} iko chini sana compared na figures za county.",
        "Hakuna public participation ilifanywa before {proj} ianze, residents wanasema.",
        "Data inaonyesha {proj} imelipwa almost yote, lakini site bado iko mbali.",
        "kazi iko chini ya payments",
        "hakuna inspection records",
        "figures za signboard ni wrong",
        "progress iko nyuma ya malipo",
        "vitu za BQ hazipo",
    ],
];

/// What a problem does to people, per category.
fn consequences(category: &str) -> Tri {
    match category {
        "water-supply" => [
            &[
                "We are buying water from vendors at 50 bob a jerrican.",
                "Children are missing school to fetch water.",
                "We fear cholera.",
                "The dispensary nearby has no water either.",
                "Women walk to the river at night.",
                "Our businesses cannot run without water.",
            ],
            &[
                "Tunanunua maji kwa wachuuzi shilingi hamsini kwa mtungi.",
                "Watoto wanakosa shule kwenda kuchota maji.",
                "Tunaogopa kipindupindu.",
                "Wagonjwa wanateseka, hata zahanati haina maji.",
                "Akina mama wanatembea mtoni usiku.",
                "Biashara zetu zimesimama bila maji.",
            ],
            &[
                "Tunabuy maji 50 bob per jerrican.",
                "Watoto wanamiss school wakichota maji.",
                "Tunaogopa cholera ikuje.",
                "Hata dispensary haina maji, wagonjwa wanasuffer.",
                "Mamas wanaenda river usiku.",
                "Biz zimestop bila maji.",
            ],
        ],
        "refuse" | "market-refuse" => [
            &[
                "The smell is unbearable.",
                "Children are falling sick.",
                "Rats are now entering our houses.",
                "Customers have stopped coming to our shops.",
                "The drains are blocked and the area floods.",
            ],
            &[
                "Harufu haivumiliki.",
                "Watoto wanaugua.",
                "Panya sasa wanaingia majumbani.",
                "Wateja wameacha kuja madukani.",
                "Mitaro imeziba na eneo linafurika.",
            ],
            &[
                "Smell ni mbaya sana.",
                "Watoto wanaugua.",
                "Panya wameingia kwa manyumba.",
                "Customers wameacha kuja.",
                "Drains zimeblock, area inaflood.",
            ],
        ],
        "road-damage" => [
            &[
                "Children can't get to school when it rains.",
                "Boda bodas now charge double to come here.",
                "An ambulance could not reach a sick woman last week.",
                "Farmers cannot take milk to the cooler.",
                "Vehicles are breaking down.",
                "Someone will be killed.",
            ],
            &[
                "Watoto hawawezi kwenda shule mvua ikinyesha.",
                "Bodaboda sasa wanatoza mara mbili kufika hapa.",
                "Ambulensi ilishindwa kufika kwa mgonjwa wiki iliyopita.",
                "Wakulima hawawezi kupeleka maziwa.",
                "Magari yanaharibika.",
                "Mtu atakufa.",
            ],
            &[
                "Watoto hawawezi enda school ikinyesha.",
                "Boda wanacharge double kufika huku.",
                "Ambulance ilishindwa kufika last week.",
                "Wakulima hawawezi peleka maziwa kwa cooler.",
                "Magari zinaharibika kila siku.",
                "Mtu atakufa bana.",
            ],
        ],
        "permit-delay" => [
            &[
                "My business is closed while I wait.",
                "I am losing customers every day.",
                "The bank loan depends on this permit.",
                "I have been to the office {n} times.",
                "I cannot start building before the rains.",
            ],
            &[
                "Biashara yangu imefungwa nikisubiri.",
                "Ninapoteza wateja kila siku.",
                "Mkopo wa benki unategemea kibali hiki.",
                "Nimeenda ofisini mara {n}.",
                "Siwezi kuanza ujenzi kabla ya mvua.",
            ],
            &[
                "Biz yangu imefungwa nikingoja.",
                "Nakosa customers kila siku.",
                "Loan ya bank inategemea hii permit.",
                "Nimeenda office mara {n}.",
                "Siwezi anza kujenga before rains.",
            ],
        ],
        "market-fees" => [
            &[
                "Traders are leaving the market.",
                "We make less than we pay.",
                "We are not against fees, only against extortion.",
                "Many traders are women with small businesses.",
                "This is theft.",
            ],
            &[
                "Wafanyabiashara wanahama soko.",
                "Tunapata faida ndogo kuliko tunavyolipa.",
                "Hatupingi ada, tunapinga dhuluma.",
                "Wengi wetu ni akina mama wenye biashara ndogo.",
                "Huu ni wizi.",
            ],
            &[
                "Traders wanahama market.",
                "Tunapata less kuliko tunalipa.",
                "Hatupingi fees, tunapinga extortion.",
                "Wengi ni mamas wa small biz.",
                "Huu ni wizi tu.",
            ],
        ],
        "information-request" => [
            &[
                "This information should be public.",
                "We want to follow the projects in our ward.",
                "It is our right under the Constitution.",
                "We need it for the ward meeting next week.",
            ],
            &[
                "Taarifa hii inapaswa kuwa wazi kwa umma.",
                "Tunataka kufuatilia miradi ya wadi yetu.",
                "Ni haki yetu kikatiba.",
                "Tunaihitaji kwa mkutano wa wadi wiki ijayo.",
            ],
            &[
                "Hii info inafaa kuwa public.",
                "Tunataka kufollow projects za ward.",
                "Ni haki yetu kwa Constitution.",
                "Tunaihitaji kwa ward meeting next week.",
            ],
        ],
        "works-stalled" => [
            &[
                "The money was budgeted, where did it go?",
                "We were promised this project for years.",
                "The site has become a hideout for thieves.",
                "Mosquitoes breed in the stagnant water.",
            ],
            &[
                "Pesa zilitengwa, zimeenda wapi?",
                "Tuliahidiwa mradi huu kwa miaka.",
                "Eneo limekuwa maficho ya wezi.",
                "Mbu wanazaliana kwenye maji yaliyotuama.",
            ],
            &[
                "Doh ilibudgetiwa, imeenda wapi?",
                "Tuliahidiwa hii project kwa miaka.",
                "Site imekuwa maficho ya wakora.",
                "Mbu wanazaliana kwa maji imestagnate.",
            ],
        ],
        "poor-workmanship" => [
            &[
                "This is a waste of public money.",
                "The contractor should not be paid until it is redone.",
                "It will not last a year.",
                "Who supervised this work?",
            ],
            &[
                "Huu ni ubadhirifu wa pesa za umma.",
                "Mkandarasi asilipwe hadi airekebishe.",
                "Haitadumu hata mwaka.",
                "Nani alisimamia kazi hii?",
            ],
            &[
                "Hii ni waste ya public money.",
                "Contractor asilipwe mpaka arudie.",
                "Haitamaliza hata mwaka.",
                "Nani alisupervise hii kazi?",
            ],
        ],
        "site-safety" => [
            &[
                "A child nearly drowned there.",
                "Someone will get hurt.",
                "Two motorbikes crashed there this week.",
                "Parents are afraid to let children walk to school.",
            ],
            &[
                "Mtoto nusura azame hapo.",
                "Mtu ataumia.",
                "Pikipiki mbili zimeanguka hapo wiki hii.",
                "Wazazi wanaogopa watoto kutembea kwenda shule.",
            ],
            &[
                "Mtoto alikuwa karibu kuzama hapo.",
                "Mtu ataumia.",
                "Boda mbili zimecrash hapo this week.",
                "Parents wanaogopa watoto kuwalk kwenda school.",
            ],
        ],
        "audit-observation" => [
            &[
                "We attach our checklist.",
                "We request the inspection reports and payment certificates.",
                "We will present this at the next ward forum.",
            ],
            &[
                "Tumeambatisha orodha yetu ya ukaguzi.",
                "Tunaomba ripoti za ukaguzi na vyeti vya malipo.",
                "Tutawasilisha hili kwenye jukwaa lijalo la wadi.",
            ],
            &[
                "Tuko na checklist yetu.",
                "Tunaomba inspection reports na payment certs.",
                "Tutapresent hii kwa ward forum next.",
            ],
        ],
        _ => [
            &[
                "I can give more details if my name is protected.",
                "Many people have been asked for the same.",
                "This is why services never improve.",
                "I refused to pay and my file is still stuck.",
            ],
            &[
                "Naweza kutoa maelezo zaidi jina langu likilindwa.",
                "Watu wengi wameombwa hivyo hivyo.",
                "Ndiyo sababu huduma haziboreki.",
                "Nilikataa kulipa na faili yangu bado imekwama.",
            ],
            &[
                "Naeza kupeana more details kama jina yangu italindwa.",
                "Watu wengi wameitishwa hivo hivo.",
                "Ndio maana services hazibadiliki.",
                "Nilikataa kulipa na file bado iko stuck.",
            ],
        ],
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use rand::SeedableRng;

    use super::*;
    use crate::feedback::MAX_TEXT;

    const CATEGORIES: [&str; 11] = [
        "works-stalled",
        "poor-workmanship",
        "site-safety",
        "audit-observation",
        "water-supply",
        "refuse",
        "road-damage",
        "permit-delay",
        "market-fees",
        "information-request",
        "corruption-concern",
    ];

    const TITLES: [&str; 4] = [
        "Grading and gravelling of Kisima–Mto road",
        "Mawe Mbili borehole and water kiosk",
        "Nyota ECDE classrooms",
        "Bonde cattle dip and demonstration plot",
    ];

    fn rng(seed: u64) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(seed)
    }

    fn texts(seed: u64, category: &str, lang: Lang, n: usize) -> Vec<String> {
        let mut r = rng(seed);
        (0..n)
            .map(|i| {
                let place = Place {
                    ward: ["Kisima", "Mawe Mbili", "Jua Kali", "Ziwa Dogo"][i % 4],
                    project: Some(TITLES[i % TITLES.len()]),
                };
                complaint(&mut r, category, lang, &place)
            })
            .collect()
    }

    fn words(text: &str) -> Vec<String> {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// Words only English has among the texts here (function words and the English the
    /// mixed texts borrow).
    const ENGLISH: &[&str] = &[
        "the",
        "is",
        "are",
        "no",
        "not",
        "and",
        "of",
        "for",
        "at",
        "on",
        "in",
        "to",
        "please",
        "pls",
        "has",
        "have",
        "was",
        "we",
        "i",
        "my",
        "our",
        "this",
        "it",
        "there",
        "from",
        "since",
        "with",
        "but",
        "what",
        "how",
        "who",
        "where",
        "when",
        "why",
        "water",
        "road",
        "site",
        "market",
        "fee",
        "fees",
        "permit",
        "pipe",
        "tap",
        "taps",
        "after",
        "before",
        "school",
        "office",
        "contractor",
        "works",
        "project",
        "receipt",
        "kiosk",
        "skip",
        "lorry",
        "garbage",
        "potholes",
        "drainage",
        "drains",
        "bob",
        "county",
        "fix",
        "help",
        "workers",
        "materials",
        "trench",
        "fence",
        "signs",
        "budget",
        "list",
        "report",
        "copy",
        "tender",
        "tenders",
        "collectors",
        "traders",
        "boda",
        "smell",
        "bill",
        "meter",
        "pressure",
        "brown",
        "public",
        "night",
        "week",
        "weeks",
        "days",
        "month",
        "year",
        "last",
        "next",
        "this",
        "half",
        "progress",
        "signboard",
        "specs",
        "cracks",
        "roof",
        "walls",
        "floor",
        "tank",
        "pipes",
        "joints",
        "checklist",
        "audit",
        "inspection",
        "payments",
        "contract",
        "ward",
        "sheds",
        "classrooms",
        "borehole",
        "dip",
        "stage",
        "junction",
        "estate",
        "church",
        "centre",
        "primary",
        "dispensary",
        "action",
        "check",
        "please",
        "thanks",
        "kindly",
        "boss",
        "hello",
        "hi",
        "morning",
        "location",
        "side",
        "near",
        "like",
        "then",
        "so",
        "coz",
        "anytime",
        "somewhere",
        "street",
        "area",
        "collection",
        "bags",
        "syringes",
        "waste",
        "gully",
        "culvert",
        "river",
        "footbridge",
        "plank",
        "railing",
        "bridge",
        "plastic",
        "silt",
        "murram",
        "compound",
        "avoid",
        "rain",
        "rains",
        "building",
        "plans",
        "change",
        "user",
        "documents",
        "fire",
        "cert",
        "online",
        "system",
        "review",
        "approval",
        "wall",
        "health",
        "licence",
        "application",
        "pending",
        "renewal",
        "lands",
        "subdivision",
        "plot",
        "time",
        "cess",
        "guys",
        "double",
        "space",
        "free",
        "amount",
        "rates",
        "new",
        "stall",
        "rent",
        "notice",
        "goods",
        "toilets",
        "cleaning",
        "full",
        "parking",
        "less",
        "share",
        "expenditure",
        "fund",
        "development",
        "bills",
        "information",
        "minutes",
        "meeting",
        "participation",
        "beneficiaries",
        "bursary",
        "much",
        "clerk",
        "revenue",
        "relative",
        "ghost",
        "payroll",
        "casuals",
        "inspector",
        "fuel",
        "materials",
        "family",
        "jobs",
        "casual",
        "machines",
        "watchie",
        "empty",
        "cement",
        "graders",
        "elections",
        "foundation",
        "job",
        "shoddy",
        "defects",
        "paint",
        "straight",
        "parts",
        "concrete",
        "quality",
        "poor",
        "specs",
        "helmets",
        "boots",
        "wires",
        "lights",
        "ditches",
        "ballast",
        "reflectors",
        "scaffolding",
        "risky",
        "warning",
        "heaps",
        "soil",
        "community",
        "residents",
        "group",
        "ground",
        "sum",
        "records",
        "youth",
        "payments",
        "register",
        "complete",
        "length",
        "board",
        "figures",
        "data",
        "almost",
        "compared",
        "issues",
        "vendors",
        "jerrican",
        "per",
        "leakage",
        "sewer",
        "dry",
        "schedule",
        "rationing",
        "dump",
        "evening",
        "every",
        "wednesday",
        "monday",
        "friday",
        "sunday",
        "weekend",
        "january",
        "rains",
        "u",
        "thank",
        "waste",
        "public",
        "money",
        "supervise",
        "cooler",
        "ambulance",
        "customers",
        "biz",
        "mamas",
        "traders",
        "extortion",
        "info",
        "constitution",
        "forum",
        "certs",
        "crash",
        "walk",
        "parents",
        "details",
        "services",
        "stuck",
        "file",
        "loan",
        "bank",
        "on",
        "signs",
        "diversion",
        "corner",
        "accidents",
        "footpath",
        "bricks",
        "pupils",
        "cover",
        "shaft",
        "up",
        "follow",
        "present",
    ];

    /// Words only Swahili has among the texts here.
    const SWAHILI: &[&str] = &[
        "na",
        "ya",
        "wa",
        "kwa",
        "la",
        "za",
        "cha",
        "vya",
        "hakuna",
        "ni",
        "tangu",
        "lakini",
        "katika",
        "kwenye",
        "bado",
        "huko",
        "huku",
        "sana",
        "hii",
        "hiyo",
        "tafadhali",
        "tunaomba",
        "naomba",
        "asante",
        "asanteni",
        "siku",
        "wiki",
        "miezi",
        "maji",
        "taka",
        "barabara",
        "kazi",
        "pale",
        "karibu",
        "kila",
        "tu",
        "sasa",
        "mtu",
        "watu",
        "watoto",
        "imeisha",
        "imejaa",
        "imevunjika",
        "hakuna",
        "kuna",
        "iko",
        "ziko",
        "niko",
        "mimi",
        "yetu",
        "yangu",
        "zangu",
        "wetu",
        "kama",
        "mbona",
        "nini",
        "gani",
        "lini",
        "wapi",
        "ngapi",
        "pesa",
        "mwaka",
        "huu",
        "jana",
        "usiku",
        "mvua",
        "soko",
        "kaunti",
        "ofisi",
        "mradi",
        "mkandarasi",
        "wasee",
        "habari",
        "sasa",
        "mambo",
        "vipi",
        "niaje",
        "bana",
        "mtume",
        "tusaidie",
        "saidieni",
        "mko",
        "hivi",
        "hivo",
        "tena",
        "ama",
        "ndio",
        "maana",
        "ambazo",
        "hazipo",
        "kitu",
        "kingine",
        "hapo",
        "mbaya",
        "noma",
        "sijapata",
        "bila",
        "badala",
        "mpaka",
        "kabisa",
        "zimeblock",
        "mkazi",
        "shukran",
        "tuko",
        "pamoja",
        "tumechoka",
        "mjionee",
        "wenyewe",
        "mkuje",
        "afuatilie",
        "kucomplain",
        "acheck",
        "mshughulikie",
        "iharakishwe",
        "mfollow",
        "ikinyesha",
        "hawawezi",
        "wanacharge",
        "juu",
        "chini",
        "nusu",
        "mia",
        "shilingi",
        "tatu",
        "mbili",
        "moja",
    ];

    fn has(text: &str, list: &[&str]) -> bool {
        words(text).iter().any(|w| list.contains(&w.as_str()))
    }

    #[test]
    fn the_same_seed_gives_the_same_texts_and_another_seed_others() {
        for category in CATEGORIES {
            for lang in Lang::ALL {
                let a = texts(5, category, lang, 50);
                assert_eq!(a, texts(5, category, lang, 50), "{category} {lang:?}");
                assert_ne!(a, texts(6, category, lang, 50), "{category} {lang:?}");
            }
        }
        let mut a = rng(9);
        let mut b = rng(9);
        assert_eq!(
            market_refuse(&mut a, Lang::Mixed, "Kisima"),
            market_refuse(&mut b, Lang::Mixed, "Kisima")
        );
    }

    #[test]
    fn every_category_writes_in_english_swahili_and_a_mix() {
        for category in CATEGORIES {
            let share = |lang: Lang, test: &dyn Fn(&str) -> bool| {
                let texts = texts(11, category, lang, 400);
                texts.iter().filter(|t| test(t)).count() as f64 / texts.len() as f64
            };
            let english = share(Lang::English, &|t| {
                has(t, ENGLISH)
                    && !words(t)
                        .iter()
                        .any(|w| ["ya", "kwa", "na", "hakuna"].contains(&w.as_str()))
            });
            let swahili = share(Lang::Swahili, &|t| {
                has(t, SWAHILI)
                    && !words(t)
                        .iter()
                        .any(|w| ["the", "is", "are", "was", "please"].contains(&w.as_str()))
            });
            let mixed = share(Lang::Mixed, &|t| has(t, ENGLISH) && has(t, SWAHILI));
            assert!(
                english > 0.85,
                "{category}: {english} of the English texts read as English"
            );
            assert!(
                swahili > 0.85,
                "{category}: {swahili} of the Swahili texts read as Swahili"
            );
            assert!(mixed > 0.75, "{category}: {mixed} of the mixed texts mix");
        }
    }

    #[test]
    fn each_category_has_many_distinct_problems_per_language() {
        for category in CATEGORIES {
            for lang in Lang::ALL {
                let pool = statements(category)[lang.idx()];
                let distinct: BTreeSet<&str> = pool.iter().copied().collect();
                assert!(
                    distinct.len() >= 12,
                    "{category} {lang:?}: {}",
                    distinct.len()
                );
                assert_eq!(
                    distinct.len(),
                    pool.len(),
                    "{category} {lang:?} repeats one"
                );
            }
        }
    }

    #[test]
    fn two_thousand_texts_of_a_category_hold_at_least_300_distinct_ones() {
        for category in CATEGORIES {
            let mut r = rng(3);
            let distinct: BTreeSet<String> = (0..2000)
                .map(|i| {
                    let lang = Lang::draw(&mut r);
                    let place = Place {
                        ward: "Kisima",
                        project: Some(TITLES[i % TITLES.len()]),
                    };
                    complaint(&mut r, category, lang, &place)
                })
                .collect();
            assert!(distinct.len() >= 300, "{category}: {}", distinct.len());
        }
    }

    #[test]
    fn texts_are_never_empty_never_too_long_and_every_slot_is_filled() {
        let mut r = rng(17);
        let mut lengths = Vec::new();
        for category in CATEGORIES.iter().chain(&["market-refuse"]) {
            for lang in Lang::ALL {
                for i in 0..600 {
                    let place = Place {
                        ward: "Mto Safi",
                        project: (i % 5 != 0).then_some(TITLES[i % TITLES.len()]),
                    };
                    let t = complaint(&mut r, category, lang, &place);
                    assert!(!t.trim().is_empty(), "{category} {lang:?}");
                    assert!(t.chars().count() <= MAX_TEXT, "{t}");
                    assert!(!t.contains('{') && !t.contains('}'), "{t}");
                    assert_eq!(t, t.trim(), "{t:?}");
                    lengths.push(t.split_whitespace().count());
                }
            }
        }
        // From a few words to several sentences.
        assert!(lengths.iter().filter(|&&n| n <= 5).count() > lengths.len() / 20);
        assert!(lengths.iter().filter(|&&n| n >= 30).count() > lengths.len() / 20);
    }

    #[test]
    fn noise_roughens_a_share_of_the_texts() {
        let texts = texts(23, "water-supply", Lang::English, 1000);
        let lower = texts.iter().filter(|t| *t == &t.to_lowercase()).count();
        let upper = texts.iter().filter(|t| *t == &t.to_uppercase()).count();
        let txt = texts
            .iter()
            .filter(|t| {
                words(t)
                    .iter()
                    .any(|w| ["pls", "plz", "coz", "u", "r", "wata"].contains(&w.as_str()))
            })
            .count();
        assert!(lower > 100 && lower < 500, "{lower}");
        assert!(upper > 10 && upper < 100, "{upper}");
        assert!(txt > 10, "{txt}");
        // The noise never empties a text.
        let mut r = rng(1);
        for text in ["a", "no water", "Maji!!", "Hakuna maji."] {
            for _ in 0..200 {
                let t = noise(&mut r, text.to_string(), Lang::Mixed);
                assert!(
                    t.chars().any(char::is_alphanumeric),
                    "{text:?} became {t:?}"
                );
            }
        }
    }

    #[test]
    fn a_social_audit_finding_names_the_project_and_its_figures() {
        let mut r = rng(2);
        for lang in Lang::ALL {
            let t = audit_finding(
                &mut r,
                lang,
                "Nyota ECDE classrooms",
                "2025-03-04",
                41.6,
                78.0,
            );
            assert!(
                t.contains("Nyota ECDE classrooms") && t.contains("2025-03-04"),
                "{t}"
            );
            assert!(t.contains("42") && t.contains("78"), "{t}");
        }
    }
}
