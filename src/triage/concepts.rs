//! What problem a report names, in words that agree across English, Swahili and Sheng:
//! "burst pipe", "bomba limepasuka" and "pipe imepasuka" all name `leak`; "no water",
//! "hakuna maji" and "maji imekatika" name `nowater`. The duplicate finder compares these
//! concepts, because two accounts of one problem name the same things in any language,
//! while two problems at one place (a burst pipe and dry taps in the next estate) share
//! the place's name and most of their words but not the problem.
//!
//! A stem of five letters or more names its concept wherever it appears in a word (Swahili
//! puts prefixes before the root: "lime*pasuk*a", "hazijaku*sany*wa"); a shorter one only
//! at a word's start ("tap", "taps", but not "s*tap*le"); a short word that also begins
//! unrelated words ("taa" and "taarifa", "mto" and "mtoto", "rat" and "rate") is listed
//! among the phrases, as a whole word. Words naming every problem of a category alike
//! ("water", "maji", "pipe", "fee") are left out: they tell two problems apart no better
//! than the category does. The list was written from the categories'
//! vocabulary and grown on the development pairs (`tests/fixtures/triage-dev`), never on
//! the evaluation fixture.

use super::features::words;

/// Per concept, the stems that name it.
#[rustfmt::skip]
const STEMS: &[(&str, &[&str])] = &[
    // water supply
    ("leak", &["burst", "leak", "pasuk", "vuja", "avuja", "kuvuja", "mevuja", "wasted", "inapotea", "flowing", "inaleak", "gush", "wastage", "tiririk", "yanapotea", "fountain", "mwagik", "ovuja", "vujish", "drip", "seep", "spew", "leakag"]),
    ("overflow", &["overflow", "furik", "spill"]),
    ("nowater", &["dry", "restor", "mekatik", "likatik", "kukatik", "rationing", "kavu", "ukame", "kauka", "shortage", "uhaba", "outage", "interrupt", "kiangazi", "drought"]),
    ("rationing", &["rationing", "rationed", "mgao"]),
    ("schedule", &["schedule", "timetable", "ratiba"]),
    ("disconnect", &["disconnect", "reconnect", "nikatia", "capped", "katiwa"]),
    ("billing", &["bill", "bili", "arrears", "overbill", "estimated", "ankara"]),
    ("dirty", &["dirty", "brown", "muddy", "chafu", "rangi", "worm", "minyoo", "salty", "chumvi", "taste", "rusty", "yellow", "colou", "contaminat", "povu", "foam", "murky", "turbid", "cloudy"]),
    ("smell", &["smell", "harufu", "nuka", "stink", "anuka", "menuka", "kunuka", "stench", "uvundo", "odour", "reek", "mnuko"]),
    ("pressure", &["pressure", "trickle", "nguvu", "presure", "shinikizo"]),
    ("kiosk", &["kiosk", "kioski", "kituo", "attendant", "mhudumu"]),
    ("tap", &["taps", "mfereji"]),
    ("tank", &["tank", "tanki", "tangi"]),
        ("sewer", &["sewer", "sewage", "effluent"]),
    ("borehole", &["borehole", "kisima", "visima"]),
    ("spring", &["spring", "chemchem"]),
    ("pump", &["pump", "pampu", "generator"]),
    ("valve", &["valve", "valvu"]),
    ("illegal", &["illegal", "kinyume", "haramu"]),
    ("stagnant", &["stagnant", "stagnat", "dimbwi", "puddle", "swamp"]),
    ("locked", &["fungwa", "kufuli", "padlock"]),
    ("unpaid", &["unpaid", "jalipwa", "jamlipa"]),
    ("notworking", &["haiwork", "malfunction"]),
    ("connection", &["connection", "connected", "unganish"]),
    // refuse
    ("skip", &["skip", "kontena", "container", "dustbin", "mapipa"]),
    ("collect", &["collect", "kusany", "chukuliw", "zolew", "kuzoa", "ayezoa", "mzoe", "zoeni", "bebwa", "emptied", "ondolew", "okotw", "pickup"]),
    ("truck", &["truck", "lori", "lorr", "gari", "bowser"]),
    ("dump", &["dump", "mwagwa", "natupa", "metupa", "kutupa", "tupwa", "rubble", "dampo", "debris", "vifusi", "kifusi"]),
    ("burn", &["burn", "smoke", "moshi", "choma", "nawaka", "smoulder", "smolder"]),
    ("carcass", &["carcas", "mzoga", "mizoga", "aliyekufa", "wafu", "offal"]),
    ("needles", &["syringe", "sindano", "needle"]),
    ("river", &["riverside", "riverbank", "mtoni", "stream", "kijito", "vijito"]),
    ("drain", &["drain", "mtaro", "mitaro", "mifereji", "ditch"]),
    ("blocked", &["ziba", "block", "clog", "meziba", "zibwa", "choke", "silt", "imeblock", "zibik", "obstruct"]),
    ("animals", &["mbwa", "panya", "flies", "inzi", "mosquit", "hyena"]),
    ("heap", &["rundo", "rundik", "heap", "pile", "mountain", "lundo", "mound", "accumulat"]),
    ("plastic", &["plastic", "plastiki", "polythene", "mifuko"]),
    ("rot", &["rotting", "rotten", "rotted", "meoza", "naoza", "kuoza", "naoze"]),
    // roads
    ("pothole", &["pothole", "pothol", "shimo", "hole", "crater", "patch"]),
    ("culvert", &["culvert", "kalvati", "kalavati", "calvert", "culvat"]),
    ("bridge", &["bridge", "daraja", "plank", "deck", "kivuko", "footbridge"]),
    ("flood", &["flood", "mafuriko", "submerg", "waterlog", "furiko"]),
    ("erosion", &["gully", "erosion", "sombw", "washed", "gulley", "gullies", "korongo", "momonyok", "eroded"]),
    ("landslide", &["landslide", "maporomoko"]),
    ("collapse", &["collaps", "bomok", "poromok", "caved", "caving"]),
    ("edge", &["shoulder", "ukingo", "edge"]),
    ("mud", &["matope", "tope", "impassable", "slippery", "teleza", "pitiki"]),
    ("murram", &["murram", "gravel", "changarawe"]),
    ("grading", &["grade", "gradiw", "greda", "chongw"]),
    ("bump", &["bump", "matuta", "hump"]),
    ("sign", &["sign", "ishara", "kibao", "vibao", "warning", "tahadhari"]),
    ("speeding", &["speed", "kasi", "reversing"]),
    ("light", &["light", "unlit", "giza"]),
    ("power", &["electri", "umeme"]),
    ("wire", &["wire", "waya", "cable", "nyaya", "wiring"]),
    ("pole", &["pole", "nguzo"]),
    ("stones", &["rocks", "stones", "boulder"]),
    // project sites: stalled, workmanship, safety
    ("stalled", &["imestall", "stalling", "stopped", "simam", "kwama", "abandon", "stoped", "mestop", "listop", "resum", "imelala", "jasonga", "paused", "idle", "suspend", "kimya", "halted", "endelei", "imekufa", "dormant", "standstill", "halt", "deserted", "kumekaa"]),
    ("notstarted", &["jaanza", "jaguswa", "jaanzishwa"]),
    ("absconded", &["vanish", "disappear", "toroka", "abscond", "wamepotea", "amepotea", "akapotea", "wakapotea"]),
    ("machines", &["machine", "mashine", "grader", "matrekta", "excavator", "roller", "tingatinga", "mixer", "crane", "bulldozer", "trekta"]),
    ("materials", &["material", "ballast", "mchanga", "sand", "saruji", "steel", "vyuma", "kokoto", "mabati", "nondo"]),
    ("overgrown", &["overgrown", "bushes", "nyasi", "grass"]),
    ("foundation", &["foundation"]),
    ("crack", &["crack", "nyufa", "pasuk", "mipasuko"]),
    ("tarmac", &["tarmac", "lami", "bitumen", "asphalt", "premix"]),
    ("peel", &["peel", "bandu", "crumbl", "flaking", "flakes"]),
    ("roof", &["roof", "paa", "ceiling"]),
    ("door", &["door", "mlango", "hinge", "milango", "bawaba"]),
    ("window", &["window", "dirisha"]),
    ("wall", &["wall", "ukuta"]),
    ("floor", &["floor", "sakafu", "screed", "tiles"]),
    ("compaction", &["compact", "kompakt", "vibrat", "honeycomb"]),
    ("trench", &["trench", "excavation", "excavated"]),
    ("uncovered", &["uncovered", "funikw", "funikeni"]),
    ("fence", &["fence", "uzio", "hoarding", "fensi"]),
    ("barrier", &["barrier", "barricad", "utepe"]),
    ("watchman", &["watchman", "mlinzi", "walinzi"]),
    ("dust", &["dust", "vumbi", "nyunyiz"]),
    ("noise", &["noise", "kelele"]),
    ("nails", &["nails", "misumari", "msumari"]),
    ("blasting", &["blast", "baruti"]),
    ("scaffold", &["scaffold", "ladder"]),
    ("children", &["child", "watoto", "pupil", "mtoto", "kids", "wanafunzi"]),
    ("diversion", &["diversion", "mchepuko", "detour"]),
    ("ppe", &["helmet", "harness", "reflector", "gloves", "goggle", "protective", "barakoa", "miwani", "kofia", "kinga"]),
    ("traffic", &["traffic", "marshal", "flagman", "banksman", "foleni", "congest"]),
    ("paint", &["paint", "whitewash", "plaster", "rangi"]),
    ("gutter", &["gutter"]),
    ("uneven", &["uneven", "waves", "wavy", "bounce"]),
    // fees, permits, information, audit
    ("boq", &["boq"]),
    ("receipt", &["receipt", "risiti", "reciept", "receit", "resiti", "stakabadhi"]),
    ("charge", &["charg", "lipish", "tozw", "atozw", "toza", "overcharg", "atoza", "kutoza", "chajiw", "chaji"]),
    ("increase", &["increas", "pandish", "mepanda", "hike", "ongez", "raised"]),
    ("double", &["twice", "double"]),
    ("paybill", &["paybill", "mpesa", "cashless"]),
    ("cash", &["cash", "taslimu"]),
    ("cess", &["cess", "kizuizi", "vizuizi"]),
    ("fake", &["fake", "feki", "bandia", "forged", "impostor", "jiita", "fictitious", "fabricat"]),
    ("notice", &["notice", "notisi", "tangazo", "tangazw"]),
    ("participation", &["participation", "shirikish"]),
    ("toilet", &["toilet", "choo", "vyoo", "latrine"]),
    ("clean", &["clean", "safi", "usafi"]),
    ("parking", &["parking", "maegesho", "clamp", "egesh"]),
    ("stall", &["kibanda", "vibanda"]),
    ("rent", &["rent", "kodi"]),
    ("permit", &["permit", "kibali", "vibali"]),
    ("licence", &["licen", "leseni"]),
    ("plans", &["plans", "planner", "planning", "michoro", "ramani"]),
    ("liquor", &["liquor", "pombe"]),
    ("fire", &["fire", "zimamoto"]),
    ("health", &["health", "afya", "hygiene"]),
    ("occupation", &["occupation"]),
    ("change", &["change"]),
    ("signage", &["signage", "advertis", "billboard", "mabango"]),
    ("file", &["faili", "file", "misplac"]),
    ("portal", &["portal", "online", "system", "website", "download", "chatbot", "mfumo"]),
    ("inspection", &["inspect", "kaguliw"]),
    ("committee", &["committee", "kamati"]),
    ("absent", &["likizo", "transferred", "absent", "hayupo"]),
    ("rejected", &["reject", "kataliw"]),
    ("confiscate", &["confiscat", "impound"]),
    ("newfee", &["levy", "levies"]),
    ("legit", &["halali", "legitim"]),
    ("vehicle", &["vehicle"]),
    ("loans", &["loan", "mikopo", "mkopo"]),
    ("policy", &["cidp", "fiscal"]),
    ("payment", &["payment", "malipo", "overpa", "amelipwa"]),
    ("irrigation", &["irrigat", "canal", "offtake"]),
    ("records", &["diary", "logbook"]),
    ("missing", &["missing", "jajengwa"]),
    ("free", &["free"]),
    ("refund", &["refund"]),
    ("shade", &["shade", "kivuli", "mwavuli"]),
    ("sticker", &["sticker"]),
    ("renewal", &["renew", "upya"]),
    ("bursary", &["bursar", "basari"]),
    ("tender", &["tender", "zabuni", "procure", "bidder", "evaluation", "manunuzi"]),
    ("contract", &["mkataba", "mikataba"]),
    ("budget", &["budget", "bajeti", "allocat", "tengwa", "expenditure", "gharama", "cost", "kilichotumika", "zilizotumika", "zimetumika"]),
    ("revenue", &["revenue", "mapato"]),
    ("minutes", &["minute", "minuts", "kumbukumbu", "meeting", "mkutano", "mikutano"]),
    ("payroll", &["payroll", "salar", "shahara", "casual", "employed", "establishment"]),
    ("jobs", &["recruit", "ajira", "ajiri", "shortlist", "interview"]),
    ("list", &["list", "orodha", "register", "beneficiar", "nufaika"]),
    ("auditor", &["auditor", "mkaguzi", "wakaguzi"]),
    ("assets", &["asset"]),
    ("bribe", &["brib", "hongo", "rushwa", "kickback", "extort", "mlungula", "solicit"]),
    ("ghost", &["ghost", "hewa"]),
    ("relative", &["relative", "jamaa", "nepot", "wife", "cousin", "brother", "nephew"]),
    ("embezzle", &["pocket", "mfukoni", "embezzl", "misappropr", "ubadhirifu", "meliwa", "naliwa", "siphon", "misuse"]),
    ("inflated", &["inflat", "overpric"]),
    ("landgrab", &["grabb", "nyakua", "nyakuli"]),
    ("fuel", &["fuel", "mafuta", "diesel"]),
    ("theft", &["stole", "steal", "wizi", "kuiba", "carted", "ibiwa", "meiba", "pilfer"]),
    ("vandal", &["vandal"]),
    ("askari", &["kanjo", "askari"]),
    // details several categories share: sites, audit findings, places
    ("sinking", &["sunk", "sink", "mezama", "kuzama"]),
    ("stuck", &["stuck"]),
    ("incomplete", &["half", "incomplete", "nusu"]),
    ("complete", &["complete", "completion", "kamilik", "finish", "maliza"]),
    ("thickness", &["thick", "thinner", "nyembamba", "cm", "unene"]),
    ("length", &["length", "urefu", "kilomet", "kilomit", "width", "upana"]),
    ("percent", &["percent", "asilimia"]),
    ("paving", &["cabro", "paving", "kerb"]),
    ("manhole", &["manhole", "cover", "kifuniko", "mfuniko"]),
    ("septic", &["septic"]),
    ("ramp", &["ramp"]),
    ("handrail", &["handrail", "rail"]),
    ("bricks", &["brick", "matofali", "blocks"]),
    ("falling", &["fall", "anguk"]),
    ("test", &["result", "matokeo", "test", "lab", "quality", "analys"]),
    ("solar", &["solar", "panel"]),
    ("depth", &["depth", "drill"]),
    ("furniture", &["desk", "dawati", "bunk", "vitanda", "furniture"]),
    ("equipment", &["equip", "vifaa"]),
    ("trees", &["tree", "miti"]),
    ("dip", &["dip"]),
    ("livestock", &["cattle", "ngombe", "mifugo", "livestock"]),
    ("salon", &["salon", "barber"]),
    ("sunday", &["sunday", "jumapili"]),
];

/// Per concept, phrases of whole words that name it where no single word does.
#[rustfmt::skip]
const PHRASES: &[(&str, &[&str])] = &[
    ("nowater", &["no water", "hakuna maji", "halina maji", "hatuna maji", "maji hakuna", "maji imekatika", "bila maji", "no supply", "hakina maji", "haina maji", "hakuna tone", "without water"]),
    ("stalled", &["hakuna kazi", "kazi haiendelei", "no work", "no workers", "no one working", "kazi imesimama", "no progress", "no activity", "hakuna progress", "ni kimya", "hakuna kinachoendelea"]),
    ("notstarted", &["never started", "not started", "never took off", "yet to start", "not yet started"]),
    ("absconded", &["ran away", "run away", "hajaonekana", "haonekani"]),
    ("bribe", &["kitu kidogo", "chai yao", "something small", "facilitation fee"]),
    ("collect", &["not collected", "not picked", "zoa taka"]),
    ("clean", &["hakuna usafi"]),
    ("meter", &["mita", "meter", "meters"]),
    ("boq", &["bill of quantities"]),
    ("sewer", &["maji taka"]),
    ("river", &["mto", "river", "rivers"]),
    ("animals", &["rat", "rats", "nzi", "mbu", "dog", "dogs"]),
    ("skip", &["bin", "bins", "pipa"]),
    ("fire", &["moto"]),
    ("bump", &["tuta", "rumble"]),
    ("light", &["taa"]),
    ("dirty", &["mud"]),
    ("power", &["stima"]),
    ("sign", &["alama"]),
    ("crack", &["ufa"]),
    ("tap", &["tap", "handle"]),
    ("locked", &["locked", "closed"]),
    ("carcass", &["dead"]),
    ("stalled", &["stalled"]),
    ("stall", &["stall", "stalls"]),
    ("thickness", &["thin", "mm"]),
    ("depth", &["kina"]),
    ("livestock", &["kupe"]),
    ("theft", &["iba"]),
    ("wall", &["kuta"]),
    ("trench", &["pit", "pits"]),
    ("uncovered", &["shimo wazi", "mtaro wazi", "mashimo wazi", "liko wazi", "no cover", "bila cover", "open manhole", "open pit", "open hole", "open trench"]),
    ("erosion", &["ruts"]),
    ("sinking", &["zama", "sagging"]),
    ("machines", &["rig", "tractor", "tractors"]),
    ("materials", &["iron sheets", "cement"]),
    ("notworking", &["not working", "haifanyi kazi", "hazifanyi kazi", "stopped working", "never worked", "does not work", "doesnt work", "hazi work"]),
    ("locked", &["imefungwa", "kimefungwa"]),
    ("unpaid", &["not been paid", "not paid", "hawajalipwa"]),
    ("notice", &["without notice", "bila notice", "no notice"]),
    ("participation", &["public participation"]),
    ("plans", &["building plan", "building approval", "kibali cha ujenzi", "building permit"]),
    ("paybill", &["m pesa"]),
    ("occupation", &["cheti cha kukaa"]),
    ("change", &["kubadilisha matumizi", "sub division"]),
    ("absent", &["on leave"]),
    ("contract", &["contract", "contracts", "contract sum"]),
    ("ati", &["ati request", "ati officer", "access to information", "upatikanaji wa habari"]),
    ("payroll", &["staff establishment"]),
    ("foundation", &["msingi wa", "msingi tu", "kuchimba msingi", "msingi sasa"]),
    ("furniture", &["beds", "chairs"]),
    ("drugs", &["dawa", "madawa", "drugs", "medicine"]),
    ("fund", &["ward fund", "ward development fund"]),
    ("stalled", &["site empty", "site iko empty", "iko tupu", "site is empty", "no one on site", "no one there", "nobody there", "hakuna mtu site", "no one is working", "kazi imelala", "hatujaona mtu"]),
    ("absconded", &["yuko wapi", "wako wapi", "where did the contractor go"]),
    ("notstarted", &["not even started", "hakuna kitu imeanza", "kuanzwa lini"]),
    ("bribe", &["pesa ya chai", "anataka chai", "wanataka chai", "for chai"]),
    ("jobs", &["jobs", "job", "kazi zinauzwa", "jobs for sale"]),
    ("paidnotdone", &["work not done", "not done", "never delivered", "not delivered", "never arrive", "never arrived", "haijafanywa", "havijafika", "hayajafika", "hazijafika", "hayapo", "amelipwa bure"]),
    ("vehicle", &["county vehicle", "public vehicle", "county pick up", "county car", "gari la kaunti", "land cruiser"]),
    ("auditor", &["audit report", "audit reports", "ripoti ya ukaguzi", "ukaguzi wa hesabu"]),
    ("policy", &["finance act", "sheria ya fedha", "development plan", "mpango wa maendeleo", "sera"]),
    ("budget", &["matumizi ya pesa", "matumizi ya wadi", "pesa ngapi"]),
    ("newfee", &["new fee", "ada mpya", "fee mpya", "new rate", "new levy"]),
    ("legit", &["is it official", "ni official"]),
    ("nowater", &["cut off", "cutting off"]),
    ("records", &["clerk of works", "site diary", "drilling log"]),
    ("uneven", &["haiko level"]),
    ("missing", &["haipo", "halipo", "hazipo", "hayapo", "not built", "not installed", "not seen"]),
    ("list", &["majina"]),
    ("overflow", &["is full", "always full", "been full", "skip imejaa", "limejaa"]),
    ("stones", &["mawe", "jiwe"]),
    ("kiosk", &["water point", "water points"]),
    ("health", &["food handler", "food handlers"]),
    ("runaround", &["come tomorrow", "kuja kesho", "rudi kesho", "nirudi kesho", "come back tomorrow"]),
    // paraphrases in other words and registers: SMS, Sheng, formal letters, clerks' notes
    ("leak", &["bomba limevunjika", "bomba imevunjika", "mabomba yamevunjika", "bomba iliyovunjika", "pipe imevunjika", "broken pipe", "pipe broken", "pipe is broken", "pipes broken", "bomba limekatwa", "bomba imekatwa", "mabomba yamekatwa", "pipe cut", "cut the pipe", "damaged the pipe", "damaged pipe", "water loss"]),
    ("nowater", &["maji haijarudi", "maji hayajarudi", "maji bado haijarudi", "maji haijakuja", "maji hayajakuja", "maji haikuja", "maji haitoki", "maji hayatoki", "maji yanakatwa", "maji imekatwa", "maji yamekatwa", "hatujapata maji", "hatupati maji", "tunakosa maji", "ukosefu wa maji", "water has not come", "water hasnt come", "water not coming", "water is not coming", "watre has not come", "taps are dry", "water cuts", "water shortage", "lack of water"]),
    ("stalled", &["hakuna mafundi", "hakuna fundi", "no builders", "no workmen", "nothing going on", "nothing is happening", "nothing happening", "hakuna kitu inaendelea", "iko vile vile", "bado iko vile", "iko tu hapo", "imekaa tu", "any work", "builders left", "workers left", "contractor left", "left the site", "came once and left", "mara moja wakaenda", "hatujaona mjenzi", "hatujaona fundi", "ground to a halt", "work has stopped", "works have stopped", "contractor to come back", "return to site", "back on site", "hajarudi", "hawajarudi"]),
    ("absconded", &["contractor left", "builders left", "left the site", "came once and left", "mara moja wakaenda", "kazi nyingine", "another job", "another site"]),
    ("notstarted", &["not commenced", "yet to commence", "never commenced", "not begun", "yet to begin", "never began", "never touched", "not touched", "bado kuanza"]),
    ("complete", &["haijaisha", "hazijaisha"]),
    ("overflow", &["taka imejaa", "taka zimejaa", "imejaa taka", "imejaa tele"]),
    ("heap", &["mlima wa taka", "milima ya taka"]),
    ("collapse", &["cave in", "caved in", "gave way"]),
    ("uncovered", &["left open", "open ditch", "open drain", "pipes exposed", "exposed pipes", "exposed pipe"]),
    ("barrier", &["caution tape", "danger tape", "cones"]),
    ("traffic", &["kuongoza magari", "traffic jam", "jam"]),
    ("double", &["lipa mara mbili", "kulipa mara mbili", "chaji mara mbili", "wanachaji mara mbili", "pay twice", "paid twice"]),
    ("increase", &["went up", "gone up", "goes up", "bei juu"]),
    ("bribe", &["a cut", "toa chai", "kutoa chai", "give chai", "kitu ya chai", "nimpe", "akitaka pesa"]),
    ("embezzle", &["pesa zinaliwa", "zimeliwa", "misuse of funds", "misused"]),
    ("relative", &["in law", "in laws", "conflict of interest", "family members"]),
    ("fake", &["fake invoice", "fake invoices"]),
    ("paybill", &["till number", "lipa na m pesa"]),
    ("permit", &["sbp", "single business permit", "business permit"]),
    ("plans", &["building aproval", "building approvals"]),
    ("health", &["food handling", "medical certificate"]),
    ("ati", &["maombi ya habari", "information officer", "afisa wa habari"]),
    ("budget", &["kiasi cha pesa", "how much was spent", "how much money", "amount spent", "pesa ya mradi", "pesa za mradi"]),
    ("eia", &["environmental impact", "athari za mazingira", "eia", "nema"]),
    ("diversion", &["alternative route", "alternative road", "njia mbadala", "no other way"]),
    ("runaround", &["atakuja kesho", "kesho haifiki", "different answer", "jibu tofauti"]),
];

/// The concepts `text` names, sorted, each once.
pub fn of(text: &str) -> Vec<&'static str> {
    let words: Vec<String> = words(text).collect();
    of_words(&words, &joined(&words))
}

/// Words with a space before, between and after them, as [`has_phrase`] reads them.
pub(super) fn joined(words: &[String]) -> String {
    format!(" {} ", words.join(" "))
}

/// [`of`] a text already cut into `words` (and [`joined`]).
pub(super) fn of_words(words: &[String], joined: &str) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = PHRASES
        .iter()
        .filter(|(_, phrases)| phrases.iter().any(|p| has_phrase(joined, p)))
        .map(|&(concept, _)| concept)
        .collect();
    for word in words {
        for &(concept, stems) in STEMS {
            if stems.iter().any(|s| names(word, s)) {
                found.push(concept);
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// Whether `joined` (words with a space before, between and after them) holds `phrase`
/// as whole words, without building `" {phrase} "` for every phrase of every text.
pub(super) fn has_phrase(joined: &str, phrase: &str) -> bool {
    joined
        .match_indices(phrase)
        .any(|(i, _)| joined[..i].ends_with(' ') && joined[i + phrase.len()..].starts_with(' '))
}

fn names(word: &str, stem: &str) -> bool {
    if stem.len() >= 5 {
        word.contains(stem)
    } else {
        word.starts_with(stem)
    }
}

/// How far two reports name the same problem: the shared concepts over all they name
/// (Jaccard), and over the fewer that one of them names (so that a short report naming
/// one thing agrees fully with a long one naming it among others). Both 0 when either
/// names none.
pub fn agreement(a: &[&str], b: &[&str]) -> (f64, f64) {
    let shared = a.iter().filter(|c| b.contains(c)).count() as f64;
    let all = (a.len() + b.len()) as f64 - shared;
    let fewer = a.len().min(b.len()) as f64;
    if fewer == 0.0 {
        return (0.0, 0.0);
    }
    (shared / all, shared / fewer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_problem_in_english_swahili_and_sheng_names_the_same_concepts() {
        let en = of("Burst pipe near the church, water flowing on the road");
        let sw = of("Bomba limepasuka karibu na kanisa");
        let sheng = of("pipe imepasuka, maji inamwagika bure");
        for c in [&en, &sw, &sheng] {
            assert!(c.contains(&"leak"), "{c:?}");
        }
        assert!(of("hakuna maji siku tatu").contains(&"nowater"));
        assert!(of("No water since Monday").contains(&"nowater"));
        assert!(!of("no watermelon sellers").contains(&"nowater"));
        assert!(of("wanataka kitu kidogo").contains(&"bribe"));
    }

    #[test]
    fn short_stems_name_a_concept_only_at_a_word_start() {
        assert!(of("the taps are dry").contains(&"tap"));
        assert!(!of("a staple").contains(&"tap"));
        assert!(of("tanks hazijakusanywa").contains(&"collect"));
    }

    #[test]
    fn new_concepts_agree_across_languages_and_skip_lookalikes() {
        for t in [
            "The kiosk has been locked for two weeks",
            "Kioski cha maji kimefungwa kwa kufuli",
        ] {
            assert!(of(t).contains(&"locked"), "{t}");
        }
        for t in [
            "A dead dog near the stage",
            "Kuna mzoga wa mbwa pale junction",
        ] {
            let c = of(t);
            assert!(c.contains(&"carcass") && c.contains(&"animals"), "{c:?}");
        }
        for t in [
            "Landslide has covered the road",
            "Maporomoko ya udongo yameziba barabara",
        ] {
            assert!(of(t).contains(&"landslide"), "{t}");
        }
        for t in ["The contractor has vanished", "Mkandarasi ameutoroka mradi"] {
            assert!(of(t).contains(&"absconded"), "{t}");
        }
        assert!(of("Mradi haujaanza hata kidogo").contains(&"notstarted"));
        assert!(of("Ushuru umepandishwa ghafla").contains(&"increase"));
        assert!(of("Watu wanatupa taka mtoni").contains(&"dump"));
        assert!(of("Watu wanatupa taka mtoni").contains(&"river"));
        // lookalikes that used to match
        assert!(!of("the contractor left").contains(&"machines"));
        assert!(!of("tunaomba taarifa").contains(&"light"));
        assert!(!of("mtoto ameanguka").contains(&"river"));
        assert!(!of("the drivers complained").contains(&"river"));
        assert!(!of("mitaro imeziba").contains(&"meter"));
        assert!(!of("kuna shida katika soko").contains(&"nowater"));
        assert!(!of("lights were installed").contains(&"stalled"));
    }

    #[test]
    fn paraphrases_in_other_registers_name_the_same_concepts() {
        for t in [
            "WATRE HAS NOT COME FOR 5 DAYS",
            "maji bado haijarudi tangu jana",
            "Persistent interruption of water supply in the estate",
            "Hatujapata maji wiki nzima",
        ] {
            assert!(of(t).contains(&"nowater"), "{t}");
        }
        for t in [
            "bomba linalovuja karibu na duka",
            "broken pipe at the junction",
            "maji inamwagika bure barabarani",
        ] {
            assert!(of(t).contains(&"leak"), "{t}");
        }
        for t in [
            "Hakuna mafundi tangu mwezi uliopita",
            "The works have ground to a halt",
            "They came once and left",
            "Project dormant since June",
        ] {
            assert!(of(t).contains(&"stalled"), "{t}");
        }
        for t in ["Wall has cracked", "Ukuta umepasuka"] {
            assert!(of(t).contains(&"crack"), "{t}");
        }
        for t in ["Pesa za soko zinaliwa", "funds were siphoned"] {
            assert!(of(t).contains(&"embezzle"), "{t}");
        }
        assert!(of("Hawajatoa stakabadhi").contains(&"receipt"));
        assert!(of("wanachaji mara mbili").contains(&"charge"));
        assert!(of("SBP imechelewa").contains(&"permit"));
        assert!(of("road haijaguswa bado").contains(&"notstarted"));
        // lookalikes
        assert!(!of("I reported it again").contains(&"double"));
        assert!(!of("the children were exposed to dust").contains(&"uncovered"));
    }

    #[test]
    fn agreement_is_shared_over_all_and_over_the_fewer() {
        assert_eq!(agreement(&["leak", "tap"], &["leak"]), (0.5, 1.0));
        assert_eq!(agreement(&["leak"], &["dirty"]), (0.0, 0.0));
        assert_eq!(agreement(&[], &["dirty"]), (0.0, 0.0));
    }
}
