//! The catalogue for catalogues: `/catalog.jsonld` in DCAT-AP 3.0.0 (JSON-LD), where each
//! recurring disclosure is a `dcat:DatasetSeries` and each dataset's distributions are the
//! files of its latest version with their sha256; and `/data.json` in DCAT-US 1.1 (the
//! Project Open Data schema).

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::extract::base_url;
use super::state::AppState;
use crate::protocol::{Frequency, Kind, Protocol};
use crate::store::Entry;

fn eu_frequency(f: Frequency) -> &'static str {
    match f {
        Frequency::Monthly => "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
        Frequency::Quarterly => {
            "http://publications.europa.eu/resource/authority/frequency/QUARTERLY"
        }
        Frequency::Annual => "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
        Frequency::OnChange => "http://publications.europa.eu/resource/authority/frequency/IRREG",
    }
}

/// ISO 8601 repeating durations, as DCAT-US writes frequencies.
fn us_frequency(f: Frequency) -> &'static str {
    match f {
        Frequency::Monthly => "R/P1M",
        Frequency::Quarterly => "R/P3M",
        Frequency::Annual => "R/P1Y",
        Frequency::OnChange => "irregular",
    }
}

fn media_type(path: &str) -> &'static str {
    super::files::content_type(path)
        .split(';')
        .next()
        .unwrap_or("application/octet-stream")
}

fn format_name(path: &str) -> &'static str {
    crate::store::file_format(path).title
}

/// The format as a term of the EU file-type vocabulary, as DCAT-AP 3 asks for `dct:format`
/// (FlatGeobuf has no term there, so it is binary data; its media type says which).
fn eu_file_type(path: &str) -> String {
    let code = match crate::store::file_format(path).name {
        "csv" => "CSV",
        "parquet" => "PARQUET",
        "geojson" => "GEOJSON",
        "gpkg" => "GPKG",
        "kml" => "KML",
        "json" => "JSON",
        "shapefile" => "SHP",
        _ => "BIN",
    };
    format!("http://publications.europa.eu/resource/authority/file-type/{code}")
}

/// The period a dataset covers, as (first day, last day).
fn temporal(protocol: &Protocol, e: &Entry) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
    let (_, period) = protocol.resolve_dataset(&e.dataset)?;
    let p = period?;
    Some((p.first_day(), p.last_day()))
}

fn series_id(series_base: &str, kind: &Kind) -> String {
    format!("{series_base}?kind={}", kind.name)
}

pub(super) fn json_ld(body: Value, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body.to_string()).into_response()
}

/// One dataset's latest version as the DCAT documents describe it, wherever it is kept.
pub(super) struct DcatDataset<'a> {
    pub entry: &'a Entry,
    pub kind: &'a Kind,
    /// The dataset's IRI (its page).
    pub id: String,
    /// The version's page, absolute; its files are below it.
    pub page: String,
    /// When its first version was published.
    pub first_published: &'a str,
    /// Who publishes it (the jurisdiction's publisher; a county on the national site).
    pub publisher: String,
    /// Where the series of its kind is listed: `{base}/datasets` (`?kind=` is added).
    pub series_base: String,
    /// The area it covers, west, south, east, north; none when not known.
    pub bbox: Option<[f64; 4]>,
}

fn agent(name: &str) -> Value {
    json!({ "@type": "foaf:Agent", "foaf:name": name })
}

fn licence_node(protocol: &Protocol) -> Value {
    json!({ "@id": protocol.jurisdiction.licence.path, "@type": "dct:LicenseDocument" })
}

fn frequency_node(f: Frequency) -> Value {
    json!({ "@id": eu_frequency(f), "@type": "dct:Frequency" })
}

/// The periodic kinds as `dcat:DatasetSeries`, published by `publisher`.
pub(super) fn series_nodes(protocol: &Protocol, series_base: &str, publisher: &str) -> Vec<Value> {
    protocol
        .kinds
        .values()
        .filter(|k| k.is_periodic())
        .map(|k| {
            json!({
                "@id": series_id(series_base, k),
                "@type": ["dcat:Dataset", "dcat:DatasetSeries"],
                "dct:title": k.spec.title,
                "dct:description": k.spec.description,
                "dct:publisher": agent(publisher),
                "dct:accrualPeriodicity": frequency_node(k.spec.frequency),
                "dcat:keyword": k.spec.tags,
            })
        })
        .collect()
}

/// A DCAT-AP 3 `dcat:Dataset` with its distributions: the version's files with their sha256.
pub(super) fn dataset_node(protocol: &Protocol, d: &DcatDataset) -> Value {
    let (entry, kind, page) = (d.entry, d.kind, &d.page);
    let j = &protocol.jurisdiction;
    // Every node that DCAT-AP 3.0.0's SHACL shapes constrain by class says its class itself,
    // so the catalogue validates without inference (`tests/clients/check_dcat_ap.py`).
    let licence = licence_node(protocol);
    let distributions: Vec<Value> = entry
        .files
        .iter()
        .map(|f| {
            json!({
                "@id": format!("{page}/{}", f.path),
                "@type": "dcat:Distribution",
                "dct:title": f.path,
                "dcat:accessURL": { "@id": page, "@type": "rdfs:Resource" },
                "dcat:downloadURL": { "@id": format!("{page}/{}", f.path), "@type": "rdfs:Resource" },
                "dcat:mediaType": { "@id": format!("https://www.iana.org/assignments/media-types/{}", media_type(&f.path)), "@type": "dct:MediaType" },
                "dct:format": { "@id": eu_file_type(&f.path), "@type": "dct:MediaTypeOrExtent" },
                "dcat:byteSize": { "@value": f.bytes.to_string(), "@type": "xsd:nonNegativeInteger" },
                "spdx:checksum": {
                    "@type": "spdx:Checksum",
                    "spdx:algorithm": { "@id": "spdx:checksumAlgorithm_sha256", "@type": "spdx:ChecksumAlgorithm" },
                    "spdx:checksumValue": { "@value": f.sha256, "@type": "xsd:hexBinary" },
                },
                "dct:license": licence,
                "dct:issued": { "@value": entry.published_at, "@type": "xsd:dateTime" },
            })
        })
        .collect();
    let mut dataset = json!({
        "@id": d.id,
        "@type": "dcat:Dataset",
        "dct:identifier": entry.dataset,
        "dct:title": crate::search::dataset_title(Some(kind), entry),
        "dct:description": kind.spec.description,
        "dct:publisher": agent(&d.publisher),
        "dct:issued": { "@value": d.first_published, "@type": "xsd:dateTime" },
        "dct:modified": { "@value": entry.published_at, "@type": "xsd:dateTime" },
        "dcat:version": entry.version.to_string(),
        "dcat:keyword": kind.spec.tags,
        "dct:license": licence,
        "dct:accrualPeriodicity": frequency_node(kind.spec.frequency),
        "dcat:landingPage": { "@id": page, "@type": "foaf:Document" },
        "dcat:distribution": distributions,
    });
    if let Some([w, s, e, n]) = d.bbox {
        let bbox = format!("POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))");
        dataset["dct:spatial"] = json!({ "@type": "dct:Location", "dcat:bbox": { "@value": bbox, "@type": "gsp:wktLiteral" } });
    }
    if let Some(email) = &j.contact_email {
        dataset["dcat:contactPoint"] = json!({ "@type": ["vcard:Kind", "vcard:Organization"], "vcard:fn": kind.spec.office, "vcard:hasEmail": { "@id": format!("mailto:{email}") } });
    }
    if let Some((start, end)) = temporal(protocol, entry) {
        dataset["dct:temporal"] = json!({ "@type": "dct:PeriodOfTime", "dcat:startDate": { "@value": start.to_string(), "@type": "xsd:date" }, "dcat:endDate": { "@value": end.to_string(), "@type": "xsd:date" } });
    }
    if kind.is_periodic() {
        dataset["dcat:inSeries"] = json!({ "@id": series_id(&d.series_base, kind) });
    }
    dataset
}

/// The `dcat:Catalog` at `{base}/catalog.jsonld` holding `items`.
pub(super) fn catalog_node(
    protocol: &Protocol,
    base: &str,
    title: &str,
    description: &str,
    publisher: &str,
    items: Vec<Value>,
) -> Value {
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "spdx": "http://spdx.org/rdf/terms#",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
            "gsp": "http://www.opengis.net/ont/geosparql#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        },
        "@id": format!("{base}/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "dct:title": title,
        "dct:description": description,
        "dct:publisher": agent(publisher),
        "dct:license": licence_node(protocol),
        "dct:language": [
            { "@id": "http://publications.europa.eu/resource/authority/language/ENG", "@type": "dct:LinguisticSystem" },
            { "@id": "http://publications.europa.eu/resource/authority/language/SWA", "@type": "dct:LinguisticSystem" },
        ],
        "foaf:homepage": { "@id": format!("{base}/"), "@type": "foaf:Document" },
        "dcat:dataset": items,
    })
}

/// A DCAT-US 1.1 dataset of `/data.json`.
pub(super) fn us_dataset(protocol: &Protocol, d: &DcatDataset) -> Value {
    let (entry, kind, page) = (d.entry, d.kind, &d.page);
    let j = &protocol.jurisdiction;
    let mut out = json!({
        "@type": "dcat:Dataset",
        "identifier": d.id,
        "title": crate::search::dataset_title(Some(kind), entry),
        "description": kind.spec.description,
        "keyword": if kind.spec.tags.is_empty() { vec![kind.name.clone()] } else { kind.spec.tags.clone() },
        "modified": entry.published_at,
        "issued": d.first_published,
        "publisher": { "@type": "org:Organization", "name": d.publisher },
        "contactPoint": { "@type": "vcard:Contact", "fn": kind.spec.office, "hasEmail": format!("mailto:{}", j.contact_email.as_deref().unwrap_or("opendata@invalid")) },
        "accessLevel": "public",
        "license": j.licence.path,
        "rights": format!("{} ({})", j.licence.title, j.licence.name),
        "accrualPeriodicity": us_frequency(kind.spec.frequency),
        "landingPage": page,
        "language": ["en-KE", "sw-KE"],
        "distribution": entry.files.iter().map(|f| json!({
            "@type": "dcat:Distribution",
            "title": f.path,
            "description": format!("sha256 {}", f.sha256),
            "downloadURL": format!("{page}/{}", f.path),
            "mediaType": media_type(&f.path),
            "format": format_name(&f.path),
        })).collect::<Vec<_>>(),
    });
    if let Some([w, s, e, n]) = d.bbox {
        out["spatial"] = json!(format!("{w},{s},{e},{n}"));
    }
    if let Some((start, end)) = temporal(protocol, entry) {
        out["temporal"] = json!(format!("{start}/{end}"));
    }
    if kind.is_periodic() {
        out["isPartOf"] = json!(series_id(&d.series_base, kind));
    }
    out
}

/// The `/data.json` catalogue holding `datasets`.
pub(super) fn us_catalog(base: &str, datasets: Vec<Value>) -> Value {
    json!({
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@id": format!("{base}/data.json"),
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": datasets,
    })
}

/// The county's datasets as [`DcatDataset`]s.
fn county_datasets<'a>(
    protocol: &'a Protocol,
    snapshot: &'a crate::store::Catalog,
    base: &str,
) -> Vec<DcatDataset<'a>> {
    let j = &protocol.jurisdiction;
    snapshot
        .datasets()
        .into_iter()
        .filter_map(|entry| {
            let kind = protocol.kinds.get(&entry.kind)?;
            Some(DcatDataset {
                entry,
                kind,
                id: format!("{base}/datasets/{}", entry.dataset),
                page: format!("{base}/datasets/{}/v/{}", entry.dataset, entry.version),
                first_published: snapshot
                    .resolve(&entry.dataset, crate::store::VersionRef::Pinned(1))
                    .unwrap_or(entry)
                    .published_at
                    .as_str(),
                publisher: j.publisher.clone(),
                series_base: format!("{base}/datasets"),
                bbox: Some(j.bbox),
            })
        })
        .collect()
}

pub async fn get_catalog(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = base_url(&headers);
    let protocol = state.protocol();
    let snapshot = state.snapshot().await;
    let j = &protocol.jurisdiction;
    let mut items = series_nodes(protocol, &format!("{base}/datasets"), &j.publisher);
    items.extend(
        county_datasets(protocol, &snapshot, &base)
            .iter()
            .map(|d| dataset_node(protocol, d)),
    );
    let catalog = catalog_node(
        protocol,
        &base,
        &format!("{} open data", j.name),
        "Budgets, revenue, payments, public works and services, published under a disclosure protocol and recorded in a hash-chained ledger.",
        &j.publisher,
        items,
    );
    json_ld(catalog, "application/ld+json")
}

pub async fn get_data_json(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = base_url(&headers);
    let protocol = state.protocol();
    let snapshot = state.snapshot().await;
    let datasets = county_datasets(protocol, &snapshot, &base)
        .iter()
        .map(|d| us_dataset(protocol, d))
        .collect();
    json_ld(us_catalog(&base, datasets), "application/json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_terms_of_the_eu_file_type_vocabulary() {
        let eu = "http://publications.europa.eu/resource/authority/file-type/";
        for (path, code) in [
            ("data.csv", "CSV"),
            ("data.parquet", "PARQUET"),
            ("data.geojson", "GEOJSON"),
            ("data.gpkg", "GPKG"),
            ("data.fgb", "BIN"),
            ("data.kml", "KML"),
            ("datapackage.json", "JSON"),
            ("data.shp.zip", "SHP"),
        ] {
            assert_eq!(eu_file_type(path), format!("{eu}{code}"), "{path}");
        }
        assert_eq!(media_type("data.csv"), "text/csv");
    }
}
