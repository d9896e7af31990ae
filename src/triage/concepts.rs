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
//! the evaluation fixture. It was then revised by a writer who read only the demo's
//! written reports (`src/demo/written/`), checking each stem against every word it
//! matched there: stems that fired inside place names ("Kambi Moto" is not a fire,
//! "Block 9" not a blockage, "Riverside" not a river) or unrelated Swahili words
//! ("msimamizi", a supervisor, is not *stalled*; "imeliwa na maji", washed away, is not
//! *embezzle*) were narrowed to phrases or longer stems, and the paraphrases residents
//! use that were missing were added ("has not progressed", "site is still bush",
//! "meibiwa", "came off").

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;

use super::features::words;

/// Per concept, the stems that name it.
#[rustfmt::skip]
const STEMS: &[(&str, &[&str])] = &[
    // water supply
    ("leak", &["burst", "leak", "pasuk", "vuja", "avuja", "kuvuja", "mevuja", "wasted", "inapotea", "inaleak", "gush", "wastage", "tiririk", "yanapotea", "fountain", "mwagik", "ovuja", "vujish", "drip", "seep", "spew", "leakag", "ruptur", "leek", "vujo"]),
    ("overflow", &["overflow", "nafurik", "mefurik", "kufurik", "lifurik", "kifurik", "spill", "overful"]),
    ("nowater", &["dry", "restor", "mekatik", "likatik", "kukatik", "rationing", "kavu", "ukame", "kauka", "shortage", "uhaba", "outage", "interrupt", "kiangazi", "drought", "katizw"]),
    ("rationing", &["rationing", "rationed", "mgao"]),
    ("schedule", &["schedule", "timetable", "ratiba"]),
    ("disconnect", &["disconnect", "reconnect", "nikatia", "capped", "katiwa", "tukatia", "wakatia"]),
    ("billing", &["bili", "arrears", "overbill", "estimated", "ankara", "invoic"]),
    ("dirty", &["dirty", "brown", "muddy", "chafu", "rangi", "worm", "minyoo", "salty", "chumvi", "taste", "rusty", "yellow", "colou", "contaminat", "povu", "foam", "murky", "turbid", "cloudy", "kahawia", "discolo", "unclean"]),
    ("smell", &["smell", "harufu", "nuka", "stink", "anuka", "menuka", "kunuka", "stench", "uvundo", "odour", "odor", "reek", "mnuko", "vundo"]),
    ("pressure", &["pressure", "trickle", "nguvu", "presure", "shinikizo", "presha", "matone"]),
    ("kiosk", &["kiosk", "kioski", "attendant", "mhudumu"]),
    ("tap", &["taps", "tapu"]),
    ("tank", &["tank", "tanki", "tangi"]),
    ("sewer", &["sewer", "sewage", "effluent"]),
    ("borehole", &["borehol"]),
    ("spring", &["spring", "chemchem"]),
    ("pump", &["pump", "pampu", "generator"]),
    ("valve", &["valve", "valvu"]),
    ("illegal", &["illegal", "kinyume", "haramu"]),
    ("stagnant", &["stagnant", "stagnat", "dimbwi", "puddle", "swamp"]),
    ("locked", &["fungwa", "kufuli", "padlock"]),
    ("unpaid", &["unpaid", "jalipwa", "jamlipa"]),
    ("notworking", &["haiwork", "malfunction"]),
    ("connection", &["unganish"]),
    // refuse
    ("skip", &["skip", "kontena", "container", "dustbin", "mapipa"]),
    ("collect", &["uncollect", "jakusany", "zolew", "kuzoa", "ayezoa", "mzoe", "zoeni", "wazoe", "nazoa", "hawazoi", "jabebwa", "jachukuliw", "jaondolew", "emptied", "emptying"]),
    ("truck", &["truck", "lori", "lorr", "bowser", "tipper"]),
    ("dump", &["dump", "mwagwa", "natupa", "metupa", "tupwa", "natupia", "rubble", "dampo", "debris", "vifusi", "kifusi", "flytip"]),
    ("burn", &["burn", "smoke", "moshi", "choma", "chomwa", "chomek", "nawaka", "smoulder", "smolder", "ablaze"]),
    ("carcass", &["carcas", "mzoga", "mizoga", "aliyekufa", "wafu", "offal"]),
    ("needles", &["syringe", "sindano", "needle"]),
    ("river", &["riverbank", "mtoni", "stream", "kijito", "vijito"]),
    ("drain", &["drain", "mtaro", "mitaro", "mifereji", "ditch"]),
    ("blocked", &["ziba", "blocked", "blocking", "blockag", "unblock", "clog", "meziba", "naziba", "zibwa", "choke", "silt", "imeblock", "zibik", "obstruct"]),
    ("animals", &["mbwa", "panya", "flies", "inzi", "mosquit", "hyena", "rodent", "cockroach", "vermin"]),
    ("heap", &["rundo", "rundik", "heap", "pile", "mountain", "lundo", "mound", "accumulat"]),
    ("plastic", &["plastic", "plastiki", "polythene", "mifuko"]),
    ("rot", &["rotting", "rotten", "rotted", "meoza", "naoza", "kuoza", "naoze", "yooza", "kioza", "decompos", "putrid"]),
    // roads
    ("pothole", &["pothole", "pothol", "porthol", "shimo", "hole", "crater", "patch"]),
    ("culvert", &["culvert", "kalvati", "kalavati", "calvert", "culvat"]),
    ("bridge", &["bridge", "daraja", "plank", "deck", "kivuko", "footbridge"]),
    ("flood", &["flood", "mafuriko", "submerg", "waterlog", "furiko"]),
    ("erosion", &["gully", "erosion", "sombw", "gulley", "gullies", "korongo", "momonyok", "erod"]),
    ("landslide", &["landslide", "maporomoko"]),
    ("collapse", &["collaps", "bomok", "poromok", "caved", "caving"]),
    ("edge", &["shoulder", "edge"]),
    ("mud", &["matope", "tope", "impassable", "slippery", "teleza", "pitiki", "sludge"]),
    ("murram", &["murram", "gravel", "changarawe"]),
    ("grading", &["grader", "graded", "grading", "regrad", "gradiw", "greda", "chongw"]),
    ("bump", &["bump", "matuta", "hump"]),
    ("sign", &["signboard", "signpost", "ishara", "kibao", "vibao", "warning", "tahadhari"]),
    ("speeding", &["speed", "kasi", "reversing"]),
    ("light", &["light", "unlit", "giza", "mwanga"]),
    ("power", &["electri", "umeme"]),
    ("wire", &["wire", "waya", "cable", "nyaya", "wiring"]),
    ("pole", &["poles", "nguzo"]),
    ("stones", &["rocks", "stones", "boulder"]),
    // project sites: stalled, workmanship, safety
    ("stalled", &["imestall", "stalling", "stopped", "mesimam", "lisimam", "abandon", "stoped", "mestop", "listop", "kastop", "resum", "imelala", "jasonga", "jaendelea", "paused", "idle", "suspend", "halted", "endelei", "imekufa", "dormant", "standstill", "halt", "deserted", "kumekaa", "sahaulik", "stagnated"]),
    ("notstarted", &["jaanza", "jaguswa", "jaanzishwa", "jaanzwa"]),
    ("absconded", &["vanish", "disappear", "toroka", "abscond", "wamepotea", "amepotea", "akapotea", "wakapotea", "likimbia", "mekimbia"]),
    ("machines", &["machine", "mashine", "grader", "matrekta", "excavator", "roller", "tingatinga", "mixer", "crane", "bulldozer", "trekta", "backhoe", "caterpillar"]),
    ("materials", &["material", "ballast", "mchanga", "sand", "saruji", "steel", "vyuma", "kokoto", "mabati", "nondo", "timber", "reinforc", "rebar"]),
    ("overgrown", &["overgrown", "bushes", "nyasi", "grass", "vichaka", "kichaka", "magugu", "weeds"]),
    ("foundation", &["foundation"]),
    ("crack", &["crack", "crak", "nyufa", "pasuk", "mipasuko", "fissur"]),
    ("tarmac", &["tarmac", "tarmak", "tamac", "lami", "bitumen", "asphalt", "premix"]),
    ("peel", &["peel", "bandu", "crumbl", "flaking", "flakes", "chipping", "chipped", "disintegrat"]),
    ("roof", &["roof", "paa", "ceiling"]),
    ("door", &["door", "hinge", "milango", "bawaba"]),
    ("window", &["window", "dirisha"]),
    ("wall", &["wall", "ukuta"]),
    ("floor", &["floor", "sakafu", "screed", "tiles"]),
    ("compaction", &["compact", "kompakt", "vibrat", "honeycomb", "shindili"]),
    ("trench", &["trench", "excavation", "excavated"]),
    ("uncovered", &["uncovered", "funikw", "funikeni"]),
    ("fence", &["fence", "uzio", "hoarding", "fensi"]),
    ("barrier", &["barrier", "barricad", "utepe"]),
    ("watchman", &["watchman", "mlinzi", "walinzi"]),
    ("dust", &["vumbi", "nyunyiz"]),
    ("noise", &["noise", "noisy", "kelele"]),
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
    ("receipt", &["receipt", "risiti", "reciept", "receit", "resiti", "recipt", "stakabadhi"]),
    ("charge", &["charg", "lipish", "tozw", "atozw", "toza", "overcharg", "atoza", "kutoza", "tutoza", "chajiw", "chaji"]),
    ("increase", &["increas", "pandish", "mepanda", "hike", "meongez", "ongezek", "ongezw", "kaongez", "raised", "risen"]),
    ("double", &["twice", "double"]),
    ("paybill", &["paybill", "mpesa", "cashless"]),
    ("cash", &["cash", "taslimu"]),
    ("cess", &["cess", "kizuizi", "vizuizi"]),
    ("fake", &["fake", "feki", "bandia", "forged", "forgery", "counterfeit", "impostor", "jiita", "fictitious", "fabricat"]),
    ("notice", &["notisi", "tangazo", "tangazw"]),
    ("participation", &["participation", "shirikish"]),
    ("toilet", &["toilet", "choo", "vyoo", "latrine"]),
    ("clean", &["clean", "safi", "safish"]),
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
    ("signage", &["signage", "advertis", "billboard", "mabango"]),
    ("file", &["file", "misplac"]),
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
    ("minutes", &["minuts", "kumbukumbu", "meeting", "mkutano", "mikutano"]),
    ("payroll", &["payroll", "salar", "shahara", "casual", "employed", "establishment"]),
    ("jobs", &["recruit", "ajira", "ajiriw", "kuajiri", "meajiri", "shortlist", "interview"]),
    ("list", &["list", "orodha", "register", "beneficiar", "nufaika"]),
    ("auditor", &["auditor", "mkaguzi", "wakaguzi"]),
    ("assets", &["asset"]),
    ("bribe", &["brib", "hongo", "rushwa", "kickback", "extort", "mlungula", "solicit"]),
    ("ghost", &["ghost", "hewa"]),
    ("relative", &["relative", "nepot", "wife", "cousin", "brother", "nephew", "sister", "familia"]),
    ("embezzle", &["pocket", "mfukoni", "embezzl", "misappropr", "ubadhirifu", "siphon", "misuse", "fujwa", "ufujaji"]),
    ("inflated", &["inflat", "overpric"]),
    ("landgrab", &["grabb", "nyakua", "nyakuli"]),
    ("fuel", &["fuel", "mafuta", "diesel"]),
    ("theft", &["stole", "steal", "theft", "thief", "thieves", "wizi", "wezi", "kuiba", "meiba", "naiba", "liiba", "kaiba", "meibiwa", "naibiwa", "kaibiwa", "liibiwa", "kuibiwa", "carted", "pilfer", "loot"]),
    ("vandal", &["vandal"]),
    ("askari", &["kanjo", "askari"]),
    // details several categories share: sites, audit findings, places
    ("sinking", &["sunk", "sinking", "sinkhole", "mezama", "kuzama", "subsid", "didimi", "titia"]),
    ("stuck", &["stuck", "kwama"]),
    ("incomplete", &["half", "incomplete", "nusu", "unfinished", "partial"]),
    ("complete", &["completed", "completion", "kamilik", "finish", "maliza"]),
    ("thickness", &["thick", "thinner", "nyembamba", "cm", "unene"]),
    ("length", &["length", "urefu", "kilomet", "kilomit", "width", "upana"]),
    ("percent", &["percent", "asilimia"]),
    ("paving", &["cabro", "paving", "kerb"]),
    ("manhole", &["manhole", "kifuniko", "mfuniko"]),
    ("septic", &["septic"]),
    ("ramp", &["ramp"]),
    ("handrail", &["handrail", "railing", "guardrail"]),
    ("bricks", &["brick", "matofali", "blocks"]),
    ("falling", &["fall", "anguk"]),
    ("test", &["result", "matokeo", "test", "laborator", "quality", "analys"]),
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
    ("fire", &["kuna moto", "risk ya moto", "hatari ya moto", "cheti cha moto", "usalama wa moto"]),
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
    // added: verb forms, SMS and clerks' English, and words moved here from STEMS to stay whole
    ("leak", &["water flowing", "pipe burst", "pipe imeburst", "pipe imepasuka", "maji inapotea", "maji yanapotea", "maji yanamwagika", "maji inamwagika", "water is wasting", "water wasting"]),
    ("nowater", &["no supply", "water is off", "water off", "hakuna supply", "maji hayapo", "maji haipo", "maji hayaji", "maji haiji", "maji haikuji", "maji hayakuja", "dry taps", "tap iko dry", "taps ni dry", "dried up", "no flow", "nothing comes out", "nothing is coming out", "hakuna kitu inatoka", "hakuna kitu kinatoka", "not a drop", "no drop", "hatujapata tone", "tone la maji", "without supply"]),
    ("blocked", &["drain blocks", "blocks the", "it blocks"]),
    ("uncovered", &["not covered", "cover the pit", "cover it", "put a cover", "left uncovered"]),
    ("dirty", &["unsafe to drink", "not safe to drink"]),
    ("borehole", &["bore hole"]),
    ("skip", &["litter bin", "litter bins"]),
    ("barrier", &["reflective tape", "warning tape"]),
    ("kiosk", &["kituo cha maji", "vituo vya maji", "kituo cha kuchota maji"]),
    ("borehole", &["kisima", "kisimani", "visima", "visimani"]),
    ("connection", &["connection", "connections", "connected", "connect", "new connection", "not connected", "kuunganishwa"]),
    ("billing", &["bill", "bills", "billed", "billing", "meter reading", "meter readings"]),
    ("pressure", &["low pressure", "weak flow", "low flow"]),
    ("collect", &["not collected", "not been collected", "hasnt been collected", "never collected", "never been collected", "no collection", "nobody collects", "no one collects", "has collected", "be collected", "garbage collection", "waste collection", "rubbish collection", "refuse collection", "trash collection", "collection stopped", "collection has stopped", "collection was cancelled", "collection day", "last collection", "collection is", "collection in", "collection here", "collection ni", "pickups", "collect the garbage", "collect the rubbish", "collect the trash", "collect the waste", "collect the dead", "collect garbage", "collect rubbish", "collect trash", "collect waste", "please collect", "pls collect", "kindly collect", "u collect", "you collect", "collect it daily", "not picked up", "pick up the garbage", "pick up the rubbish", "picked up", "kukusanya taka", "kusanya taka", "ukusanyaji taka", "ukusanyaji wa taka", "taka ichukuliwe", "taka iondolewe", "hawajazoa", "hawazoi taka", "haijazolewa", "haikubebwa"]),
    ("truck", &["gari la taka", "gari la kuzoa taka", "magari ya taka", "gari la takataka", "gari ya taka"]),
    ("dump", &["kutupa", "kutupia", "tupa taka"]),
    ("burn", &["moto wa taka", "washa moto", "kuwasha moto", "wanawasha moto", "set fire", "sets fire", "set it on fire", "set on fire", "sets it on fire", "set alight", "wanachoma taka"]),
    ("river", &["river bank", "kingo za mto", "ukingo wa mto"]),
    ("edge", &["ukingo", "ukingoni", "kingo"]),
    ("erosion", &["washed away", "washed off", "washed out", "washed into", "washed the road", "washing away", "carried away", "imesombwa na maji", "imeliwa na maji", "inaliwa na maji"]),
    ("grading", &["grade"]),
    ("sign", &["sign", "signs", "road sign", "road signs", "sign post", "sign board", "no sign", "no signage"]),
    ("pole", &["pole ya", "pole imeanguka", "electricity pole", "electric pole", "light pole", "lamp pole", "power pole", "the pole", "a pole"]),
    ("stalled", &["kusimama kwa kazi", "hakuna kinachofanyika", "has not progressed", "have not progressed", "not progressed", "hasnt progressed", "no progress", "nothing else has happened", "nothing since", "then nothing", "since then nothing", "nothing has moved", "hakuna kilichofanyika", "hakuna kazi inaendelea", "hakuna kazi inayoendelea", "hakuna mjengo", "no building going on", "no one has worked", "not seen anybody working", "nobody working", "nobody is working", "no work going on", "no work is going on", "mradi umekwama", "ujenzi umekwama", "kazi imekwama", "project imekwama", "mradi umekufa", "project ilikufa", "ilikufa", "white elephant", "wameacha kazi", "waliacha kazi", "wakaacha kazi", "aliacha kazi", "reported to site", "not been back", "hawaji kabisa", "kimya tu", "then kimya", "kimya kabisa", "imekaa tu", "imekaa hivi", "imekaa bila kazi", "no workmen", "no workers", "hakuna workers", "no one on site", "no one is on site"]),
    ("notstarted", &["nothing has started", "has not started", "hasnt started", "have not started", "havent started", "has not begun", "not even started", "no work has started", "work has not started", "has never started", "nothing has been built", "not even one brick", "still bush", "still a bush", "still just bush", "hakuna kitu imeanza", "hakuna kilichoanza", "bado haijaanza", "bado kuanzwa"]),
    ("absconded", &["not been seen", "hajaonekana", "hatujamwona", "hatujamuona", "simu yake haishiki", "simu haishiki", "phone is off", "phone off", "ran off", "fled", "ali disappear", "with our money", "na pesa zetu", "alikimbia na pesa"]),
    ("machines", &["jcb"]),
    ("materials", &["cement", "iron sheets"]),
    ("overgrown", &["bush", "ni bush", "just bushes"]),
    ("peel", &["came off", "coming off", "comes off", "come off", "inabanduka"]),
    ("door", &["mlango wa", "mlango mkuu", "bila mlango", "mlango umeanguka", "mlango umevunjika", "mlango imevunjika", "mlango imefungwa", "mlango umefungwa", "mlango hauna", "mlango haufungi", "mlango haifungi", "mlangoni"]),
    ("dust", &["dust", "dusty", "dust everywhere"]),
    ("charge", &["bob badala ya", "bob instead of", "shillings instead of", "ksh instead of", "badala ya shilingi", "instead of the approved", "instead of the official fee", "wanatoza", "more than the approved"]),
    ("increase", &["from 0 to 0", "from 0 0 to", "kutoka 0 hadi 0", "kutoka 0 0 hadi", "gone up", "went up", "goes up", "bei juu"]),
    ("notice", &["notice", "notices", "public notice"]),
    ("clean", &["usafi", "hakuna usafi"]),
    ("change", &["change of use", "change of user", "change user", "kubadilisha matumizi", "sub division"]),
    ("file", &["faili", "mafaili", "faili yangu"]),
    ("relative", &["jamaa za", "jamaa zao", "jamaa zake", "jamaa yao", "jamaa yake", "jamaa na marafiki", "kwa jamaa", "ndugu na jamaa", "family members", "his wife", "mke wa", "mume wa", "mtoto wa mca", "ndugu zake", "ndugu yake"]),
    ("embezzle", &["zinaliwa", "pesa inaliwa", "pesa imeliwa", "pesa zimeliwa", "fedha zimeliwa", "fedha zinaliwa", "diverted"]),
    ("theft", &["iba", "wameiba", "carted away", "took away the", "ilichukuliwa na watu", "zinabebwa na watu"]),
    ("stuck", &["imestuck"]),
    ("manhole", &["manhole cover", "manhole covers", "cover slab", "cover slabs", "drain cover", "drain covers", "grating covers", "covers have", "covers are", "covers zimevunjika", "the cover", "no cover", "weka cover"]),
    ("handrail", &["rail", "rails"]),
    ("test", &["lab", "labs"]),
    ("complete", &["complete", "be complete", "to complete"]),
    ("minutes", &["minutes of", "minutes za", "minutes ya", "the minutes", "meeting minutes", "copy of minutes", "tupeni minutes", "tutumie minutes", "kutuma minutes", "avail minutes"]),
    ("drain", &["mfereji wa maji ya mvua"]),
];

/// Per concept, the words staff read for it (English; the Swahili is in
/// `src/web/sw.toml`, keyed by these).
#[rustfmt::skip]
const LABELS: &[(&str, &str)] = &[
    ("absconded", "contractor gone"),
    ("absent", "officer absent"),
    ("animals", "vermin and strays"),
    ("askari", "county askari"),
    ("assets", "county assets"),
    ("ati", "information request"),
    ("auditor", "audit report"),
    ("barrier", "barrier tape"),
    ("billing", "billing"),
    ("blasting", "blasting"),
    ("blocked", "blocked"),
    ("boq", "bill of quantities"),
    ("borehole", "borehole"),
    ("bribe", "bribe"),
    ("bricks", "bricks and blocks"),
    ("bridge", "bridge"),
    ("budget", "budget"),
    ("bump", "speed bump"),
    ("burn", "burning"),
    ("bursary", "bursary"),
    ("carcass", "dead animal"),
    ("cash", "cash payment"),
    ("cess", "produce cess"),
    ("change", "change of use"),
    ("charge", "overcharging"),
    ("children", "children"),
    ("clean", "cleanliness"),
    ("collapse", "collapse"),
    ("collect", "garbage collection"),
    ("committee", "committee"),
    ("compaction", "compaction"),
    ("complete", "completion"),
    ("confiscate", "confiscated goods"),
    ("connection", "water connection"),
    ("contract", "contract"),
    ("crack", "cracks"),
    ("culvert", "culvert"),
    ("depth", "depth"),
    ("dip", "cattle dip"),
    ("dirty", "dirty water"),
    ("disconnect", "disconnection"),
    ("diversion", "detour"),
    ("door", "door"),
    ("double", "paid twice"),
    ("drain", "drains"),
    ("drugs", "medicines"),
    ("dump", "dumping"),
    ("dust", "dust"),
    ("edge", "road edge"),
    ("eia", "environmental assessment"),
    ("embezzle", "embezzlement"),
    ("equipment", "equipment"),
    ("erosion", "erosion"),
    ("fake", "fake or forged"),
    ("falling", "falling"),
    ("fence", "fence"),
    ("file", "file"),
    ("fire", "fire"),
    ("flood", "flooding"),
    ("floor", "floor"),
    ("foundation", "foundation"),
    ("free", "free service"),
    ("fuel", "fuel"),
    ("fund", "ward fund"),
    ("furniture", "furniture"),
    ("ghost", "ghost workers or projects"),
    ("grading", "road grading"),
    ("gutter", "gutters"),
    ("handrail", "handrail"),
    ("health", "public health"),
    ("heap", "pile of waste"),
    ("illegal", "illegal"),
    ("incomplete", "incomplete"),
    ("increase", "fee increase"),
    ("inflated", "inflated prices"),
    ("inspection", "inspection"),
    ("irrigation", "irrigation"),
    ("jobs", "jobs"),
    ("kiosk", "water kiosk"),
    ("landgrab", "land grabbing"),
    ("landslide", "landslide"),
    ("leak", "leak or burst"),
    ("legit", "is it legitimate"),
    ("length", "length or width"),
    ("licence", "licence"),
    ("light", "lighting"),
    ("liquor", "liquor"),
    ("list", "beneficiary list"),
    ("livestock", "livestock"),
    ("loans", "loans"),
    ("locked", "locked"),
    ("machines", "machinery"),
    ("manhole", "manhole cover"),
    ("materials", "building materials"),
    ("meter", "water meter"),
    ("minutes", "meeting minutes"),
    ("missing", "missing or not built"),
    ("mud", "mud"),
    ("murram", "murram"),
    ("nails", "nails"),
    ("needles", "syringes"),
    ("newfee", "new fee"),
    ("noise", "noise"),
    ("notice", "public notice"),
    ("notstarted", "not started"),
    ("notworking", "not working"),
    ("nowater", "no water"),
    ("occupation", "occupation certificate"),
    ("overflow", "overflowing"),
    ("overgrown", "overgrown"),
    ("paidnotdone", "paid for work not done"),
    ("paint", "paint and plaster"),
    ("parking", "parking"),
    ("participation", "public participation"),
    ("paving", "paving and kerbs"),
    ("paybill", "paybill"),
    ("payment", "payments"),
    ("payroll", "payroll"),
    ("peel", "peeling or crumbling"),
    ("percent", "percent complete"),
    ("permit", "permit"),
    ("plans", "building plans"),
    ("plastic", "plastic waste"),
    ("pole", "poles"),
    ("policy", "county policy"),
    ("portal", "online portal"),
    ("pothole", "potholes"),
    ("power", "electricity"),
    ("ppe", "protective gear"),
    ("pressure", "low pressure"),
    ("pump", "pump"),
    ("ramp", "ramp"),
    ("rationing", "rationing"),
    ("receipt", "receipt"),
    ("records", "site records"),
    ("refund", "refund"),
    ("rejected", "rejected"),
    ("relative", "relatives"),
    ("renewal", "renewal"),
    ("rent", "rent"),
    ("revenue", "revenue"),
    ("river", "river"),
    ("roof", "roof"),
    ("rot", "rotting"),
    ("runaround", "come back tomorrow"),
    ("salon", "salon or barber"),
    ("scaffold", "scaffolding or ladder"),
    ("schedule", "schedule"),
    ("septic", "septic tank"),
    ("sewer", "sewage"),
    ("shade", "shade"),
    ("sign", "signs and warnings"),
    ("signage", "billboards"),
    ("sinking", "sinking"),
    ("skip", "skip or bin"),
    ("smell", "bad smell"),
    ("solar", "solar panels"),
    ("speeding", "speeding"),
    ("spring", "spring"),
    ("stagnant", "stagnant water"),
    ("stall", "market stall"),
    ("stalled", "stalled"),
    ("sticker", "sticker"),
    ("stones", "stones"),
    ("stuck", "stuck"),
    ("sunday", "sundays"),
    ("tank", "tank"),
    ("tap", "taps"),
    ("tarmac", "tarmac"),
    ("tender", "tender"),
    ("test", "test results"),
    ("theft", "theft"),
    ("thickness", "thickness"),
    ("toilet", "toilets"),
    ("traffic", "traffic"),
    ("trees", "trees"),
    ("trench", "trench or pit"),
    ("truck", "truck"),
    ("uncovered", "left uncovered"),
    ("uneven", "uneven"),
    ("unpaid", "not paid"),
    ("valve", "valve"),
    ("vandal", "vandalism"),
    ("vehicle", "county vehicle"),
    ("wall", "wall"),
    ("watchman", "watchman"),
    ("window", "windows"),
    ("wire", "wires and cables"),
];

/// The words staff read for `concept`, or `None` for one this lexicon does not name (kept
/// by an earlier version of it).
pub fn label(concept: &str) -> Option<&'static str> {
    LABELS
        .binary_search_by(|(c, _)| (*c).cmp(concept))
        .ok()
        .map(|i| LABELS[i].1)
}

/// The concepts `text` names, sorted, each once.
pub fn of(text: &str) -> Vec<&'static str> {
    let words: Vec<String> = words(text).collect();
    of_joined(&joined(&words))
}

/// Words with a space before, between and after them, as [`has_phrase`] reads them.
pub(super) fn joined(words: &[String]) -> String {
    format!(" {} ", words.join(" "))
}

/// Where a stem or phrase must stand to name its concept.
#[derive(Clone, Copy, PartialEq)]
enum Stands {
    /// Anywhere in a word (a stem of five letters or more).
    InWord,
    /// At a word's start (a shorter stem).
    AtStart,
    /// As whole words (a phrase).
    Whole,
}

/// What one stem or phrase names, and where it must stand for each.
type Named = Vec<(&'static str, Stands)>;

/// Every stem and phrase in one automaton, with what each names and where it must stand:
/// a text is read once, not once per stem (at a hot spot the finder reads 300 earlier
/// reports for each new one, and reading each once per stem took 0.3 ms).
static MATCHER: LazyLock<(AhoCorasick, Vec<Named>)> = LazyLock::new(|| {
    // One pattern per distinct string ("pasuk" names both a leak and a crack).
    let mut index: HashMap<&'static str, usize> = HashMap::new();
    let mut names: Vec<Named> = Vec::new();
    let entries = STEMS
        .iter()
        .flat_map(|&(concept, stems)| {
            stems.iter().map(move |&s| {
                let stands = if s.len() >= 5 {
                    Stands::InWord
                } else {
                    Stands::AtStart
                };
                (s, concept, stands)
            })
        })
        .chain(PHRASES.iter().flat_map(|&(concept, phrases)| {
            phrases.iter().map(move |&p| (p, concept, Stands::Whole))
        }));
    for (pattern, concept, stands) in entries {
        let i = *index.entry(pattern).or_insert_with(|| {
            names.push(Vec::new());
            names.len() - 1
        });
        names[i].push((concept, stands));
    }
    let mut patterns = vec![""; names.len()];
    for (pattern, i) in index {
        patterns[i] = pattern;
    }
    let automaton = AhoCorasick::new(&patterns).expect("the lexicon's stems and phrases");
    (automaton, names)
});

/// [`of`] a text already cut into words and [`joined`].
pub(super) fn of_joined(joined: &str) -> Vec<&'static str> {
    let (automaton, names) = &*MATCHER;
    let bytes = joined.as_bytes();
    let mut found: Vec<&'static str> = Vec::new();
    for m in automaton.find_overlapping_iter(joined) {
        let at_start = m.start() > 0 && bytes[m.start() - 1] == b' ';
        let at_end = bytes.get(m.end()) == Some(&b' ');
        for &(concept, stands) in &names[m.pattern().as_usize()] {
            let stands_right = match stands {
                Stands::InWord => true,
                Stands::AtStart => at_start,
                Stands::Whole => at_start && at_end,
            };
            if stands_right {
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

/// How far two reports that name `a` and `b` concepts, `shared` of them both, name the
/// same problem: the shared over all they name (Jaccard), and over the fewer that one of
/// them names (so that a short report naming one thing agrees fully with a long one
/// naming it among others). Both 0 when either names none.
pub fn agreement(shared: usize, a: usize, b: usize) -> (f64, f64) {
    let shared = shared as f64;
    let all = (a + b) as f64 - shared;
    let fewer = a.min(b) as f64;
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
        assert!(of("The classrooms have not progressed since May").contains(&"stalled"));
        assert!(of("Mradi umekwama tena").contains(&"stalled"));
        assert!(of("The site is still bush").contains(&"notstarted"));
        assert!(of("Vyuma vimeibiwa usiku").contains(&"theft"));
        assert!(of("the plaster came off and the floor is crumbling").contains(&"peel"));
        assert!(of("kanjo wanatoza 50 bob badala ya 20").contains(&"charge"));
        assert!(of("garbage was not collected this week").contains(&"collect"));
        // lookalikes
        assert!(!of("I reported it again").contains(&"double"));
        assert!(!of("lorry imekwama kwa matope").contains(&"stalled"));
        assert!(!of("mbao haijatibiwa").contains(&"theft"));
        assert!(!of("barabara imeliwa na maji").contains(&"embezzle"));
        assert!(!of("tunaomba hatua ichukuliwe").contains(&"collect"));
        assert!(!of("msimamizi wa soko").contains(&"stalled"));
        assert!(!of("revenue collectors at the market").contains(&"collect"));
        assert!(!of("Block 9 of the county flats").contains(&"blocked"));
        assert!(!of("Riverside Court").contains(&"river"));
        assert!(!of("Kambi Moto").contains(&"fire"));
        assert!(!of("Mlango Tatu").contains(&"door"));
        assert!(!of("the kituo cha afya").contains(&"kiosk"));
        assert!(!of("the children were exposed to dust").contains(&"uncovered"));
    }

    #[test]
    fn every_concept_has_one_label_in_order() {
        for &(concept, _) in STEMS.iter().chain(PHRASES) {
            assert!(label(concept).is_some(), "{concept} has no label");
        }
        for pair in LABELS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} before {}", pair[0].0, pair[1].0);
        }
        let mut labels: Vec<&str> = LABELS.iter().map(|&(_, l)| l).collect();
        labels.sort_unstable();
        for pair in labels.windows(2) {
            assert_ne!(pair[0], pair[1], "two concepts read the same");
        }
        assert_eq!(label("nowater"), Some("no water"));
        assert_eq!(label("no-such-concept"), None);
    }

    #[test]
    fn agreement_is_shared_over_all_and_over_the_fewer() {
        // "leak, tap" and "leak"; "leak" and "dirty"; nothing and "dirty".
        assert_eq!(agreement(1, 2, 1), (0.5, 1.0));
        assert_eq!(agreement(0, 1, 1), (0.0, 0.0));
        assert_eq!(agreement(0, 0, 1), (0.0, 0.0));
    }
}
